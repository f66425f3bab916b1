"""Sites served by gongkai itself: their columns, dates and messages come from our own data
(issue 17 §1, §8), and the pages we published are compared with their approved text (§4).

Reads only (a selector module for the monitor's own-site checks). The mailbox (互动交流, issue
18) is read when it is installed, through the app registry: never imported at module level.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Max, Q
from django.utils import timezone

from gongkai.catalog.models import Column, Item
from gongkai.catalog.selectors import public_item_pages, public_items
from gongkai.core.conf import gongkai_settings
from gongkai.monitor.detect.html import PageDoc, parse
from gongkai.monitor.models import ApprovedText
from gongkai.orgs.models import Organ

ITEM_PATH = re.compile(r"/item/(\d+)/$")
_SENTENCE = re.compile(r"(?<=[。！？；!?;\n])")


@dataclass(frozen=True)
class OwnColumn:
    name: str
    url: str
    kind: str
    first_level: bool
    newest: date | None
    blank: bool
    counted: bool  # a column of the site's own organ (below: an organ's sub-site, noted only)


@dataclass(frozen=True)
class OwnInteraction:
    installed: bool
    has_channel: bool
    oldest_unanswered: date | None
    channels: int
    unanswered_over: int


def _subtree_q(organs: list[Organ], field: str = "organ") -> Q:
    q = Q(pk__in=[])
    for organ in organs:
        q |= Q(**{f"{field}__path__startswith": organ.path})
    return q


def root_organs() -> list[Organ]:
    return list(Organ.objects.filter(parent__isnull=True).order_by("tree_key"))


def homepage_newest(organs: list[Organ]) -> date | None:
    """The newest public item of the site: what its home page lists first."""
    newest = public_items().filter(_subtree_q(organs)).aggregate(m=Max("published_at"))["m"]
    return timezone.localdate(newest) if newest else None


def columns(organs: list[Organ], *, base_url: str) -> list[OwnColumn]:
    """The active columns of the site's organs and the organs below them, with the date of
    their newest public item. A column is blank when nothing was ever published in it or below
    it (the 公开指南 column shows the organ's guide page, so it is never blank). Kind: 政策文件
    columns have the 6-month window; the other 公开目录 columns have none in the indicators.

    Only the columns of the site's own organs count for the veto (`counted`): an organ below
    has its section under 机构目录, a sub-site that is inspected as its own 部门网站 when the
    公开办 registers it (DERIVED from "一级栏目" in 栏目不更新 item 1)."""
    own_ids = {o.pk for o in organs}
    cols = list(
        Column.objects.filter(_subtree_q(organs), is_active=True)
        .select_related("organ")
        .order_by("pk")
    )
    children: dict[int, list[int]] = {}
    for col in cols:
        if col.parent_id:
            children.setdefault(col.parent_id, []).append(col.pk)
    newest = dict(
        public_items()
        .filter(column__in=cols)
        .values_list("column_id")
        .annotate(m=Max("published_at"))
        .values_list("column_id", "m")
    )
    ever = set(
        public_item_pages().filter(column__in=cols).values_list("column_id", flat=True).distinct()
    )

    def below(pk: int) -> list[int]:
        out = [pk]
        for child in children.get(pk, []):
            out += below(child)
        return out

    out = []
    for col in cols:
        ids = below(col.pk)
        dates = [newest[i] for i in ids if newest.get(i)]
        out.append(
            OwnColumn(
                name=f"{col.organ.display_name}/{col.name}",
                url=base_url.rstrip("/") + col.get_absolute_url(),
                kind="policy" if col.kind == Column.Kind.POLICY else "other",
                first_level=col.parent_id is None,
                newest=timezone.localdate(max(dates)) if dates else None,
                blank=col.kind != Column.Kind.GUIDE and not any(i in ever for i in ids),
                counted=col.organ_id in own_ids,
            )
        )
    return out


def interaction(organs: list[Organ], *, today: date) -> OwnInteraction:
    """互动交流 from the mailbox when it is installed; otherwise none (and the indicator fails,
    as the inspectors would find no channel)."""
    if not apps.is_installed("gongkai.mailbox"):
        return OwnInteraction(False, False, None, 0, 0)
    from gongkai.mailbox import selectors as mailbox  # guarded: an optional app

    has_channel = False
    oldest: date | None = None
    channels = over = 0
    for organ in organs:
        figures = mailbox.inspection_figures(organ, today=today)
        channels += len(figures.channels)
        has_channel = has_channel or figures.has_working_channel
        over += figures.unanswered_over_three_months
        waiting = figures.oldest_unanswered
        if waiting and (oldest is None or waiting.submitted_on < oldest):
            oldest = waiting.submitted_on
    return OwnInteraction(True, has_channel, oldest, channels, over)


def is_own_site(doc: PageDoc) -> bool:
    """The page is the home page of this installation: it carries our site name and links to
    items whose titles are ours (a copied <meta> alone is not enough)."""
    if doc.meta.get("sitename", "") != gongkai_settings().SITE_NAME:
        return False
    links = {}
    for link in doc.links:
        match = ITEM_PATH.search(link.href)
        if match:
            links[int(match.group(1))] = link.text
    if not links:
        return False
    titles = dict(Item.objects.filter(pk__in=list(links)[:50]).values_list("pk", "title"))
    return any(titles.get(pk) and titles[pk] in text for pk, text in links.items())


# ---- integrity: the served page against the approved text ---------------------------------


def body_text(html: str) -> str:
    """The text of an item body (our sanitised HTML), as a reader sees it."""
    tree = parse(f"<html><body>{html}</body></html>")
    return " ".join(tree.text.split())


def fingerprint(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def approved(item_id: int) -> tuple[str, str, bool] | None:
    """(title, text, kept_at_publication) of the item's approved version: the snapshot kept at
    its last publication, else (items published before the monitor) the database's text."""
    snap = ApprovedText.objects.filter(item_id=item_id).order_by("-approved_at", "-pk").first()
    if snap is not None:
        return snap.title, snap.text, True
    item = public_item_pages().filter(pk=item_id).first()
    if item is None or item.is_withdrawn:
        return None
    return item.title, body_text(item.body), False


@dataclass(frozen=True)
class IntegrityDiff:
    item_id: int
    title_changed: bool
    inserted: list[str]
    removed: list[str]
    baseline_kept: bool


def compare(item_id: int, doc: PageDoc) -> IntegrityDiff | None:
    """None when the served body and title equal the approved ones (or no baseline)."""
    base = approved(item_id)
    served = doc.region_text("section.item-body")
    if base is None or served is None:
        return None
    title, text, kept = base
    heading = doc.region_text("#item-title") or ""
    served_text = " ".join(served.split())
    if served_text == text and heading == title:
        return None
    old = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    new = [s.strip() for s in _SENTENCE.split(served_text) if s.strip()]
    inserted: list[str] = []
    removed: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("insert", "replace"):
            inserted += new[b1:b2]
        if op in ("delete", "replace"):
            removed += old[a1:a2]
    if not inserted and not removed and heading == title:
        return None
    return IntegrityDiff(item_id, heading != title, inserted, removed, kept)
