"""Reads for the catalog: what the public may see, and what staff must act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import WITHDRAWN_STATES, Attribute, Column, Item, ItemKind, Status
from gongkai.core.conf import gongkai_settings
from gongkai.core.text import fold_width
from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    default_calendar,
    today,
    working_days_between,
)
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organs_for

PUBLIC_ATTRIBUTES = [Attribute.PROACTIVE, Attribute.REDACTED]
UNPUBLISHED_STATES = [
    Status.DRAFT,
    Status.PENDING_REVIEW,
    Status.SECRECY_REVIEW,
    Status.AWAITING_APPROVAL,
    Status.SCHEDULED,
]


def public_items() -> QuerySet[Item]:
    """Published 主动公开 items: the only items the public ever lists or searches."""
    return Item.objects.filter(status=Status.PUBLISHED, attribute__in=PUBLIC_ATTRIBUTES)


def public_item_pages() -> QuerySet[Item]:
    """Items with a public page: published, or withdrawn (the page says so, also while a
    恢复发布 waits for 签发)."""
    return Item.objects.filter(
        status__in=[Status.PUBLISHED, *WITHDRAWN_STATES], attribute__in=PUBLIC_ATTRIBUTES
    )


def items_visible_to(user: Any) -> QuerySet[Item]:
    """Back-office items a user may read: those of organs their roles cover."""
    return Item.objects.filter(organ__in=organs_for(user))


_BRACKETS = str.maketrans("[(（【［﹝])）】］﹞", "〔〔〔〔〔〔〕〕〕〕〕〕")


def published_policies(qs: QuerySet[Item], query: str = "") -> QuerySet[Item]:
    """Published 政策文件 among `qs`, newest first, whose title or 文号 holds every word of
    `query` (the 所解读的政策文件 picker). 文号 brackets typed as [] or () match 〔〕."""
    qs = qs.filter(kind=ItemKind.POLICY, status=Status.PUBLISHED)
    for word in fold_width(query).split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word) | Q(doc_number__icontains=word.translate(_BRACKETS))
        )
    return qs.select_related("organ").order_by("-published_at", "-id")


def publication_due(item: Item, cal: WorkCalendar | None = None) -> date | None:
    """Art. 26: 20 working days from the date the information was formed or changed."""
    if item.formed_on is None:
        return None
    days = gongkai_settings().PUBLICATION_DEADLINE_WORKING_DAYS
    return add_working_days(item.formed_on, days, cal or default_calendar())


@dataclass(frozen=True)
class DueRow:
    item: Item
    due: date
    working_days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


def timeliness_rows(user: Any, *, on: date | None = None) -> list[DueRow]:
    """Unpublished 主动公开 items with their Art. 26 due date, soonest first."""
    on = on or today()
    cal = default_calendar()
    rows = []
    qs = (
        items_visible_to(user)
        # A revision corrects information already public in time: Art. 26 counted the original.
        .filter(status__in=UNPUBLISHED_STATES, attribute__in=PUBLIC_ATTRIBUTES)
        .filter(revision_of__isnull=True)
        .select_related("organ", "column")
    )
    for item in qs:
        due = publication_due(item, cal)
        if due is None:
            continue
        if due >= on:
            left = working_days_between(on, due, cal)
        else:
            left = -working_days_between(due, on, cal)
        rows.append(DueRow(item=item, due=due, working_days_left=left))
    rows.sort(key=lambda r: r.due)
    return rows


def due_soon_and_overdue(user: Any, *, on: date | None = None) -> tuple[list[DueRow], list[DueRow]]:
    window = gongkai_settings().DUE_SOON_WORKING_DAYS
    rows = timeliness_rows(user, on=on)
    overdue = [r for r in rows if r.due < (on or today())]
    soon = [r for r in rows if r not in overdue and r.working_days_left <= window]
    return soon, overdue


def policies_without_interpretation(user: Any, *, on: date | None = None) -> list[DueRow]:
    """Published policies with no published 政策解读 after N working days (default 3)."""
    on = on or today()
    n = gongkai_settings().INTERPRETATION_WITHIN_WORKING_DAYS
    cal = default_calendar()
    has_interp = Item.objects.filter(
        interprets=OuterRef("pk"), status=Status.PUBLISHED, kind=ItemKind.INTERPRETATION
    )
    qs = (
        items_visible_to(user)
        .filter(kind=ItemKind.POLICY, status=Status.PUBLISHED)
        .exclude(Exists(has_interp))
        .select_related("organ")
    )
    rows = []
    for item in qs:
        if item.published_at is None:
            continue
        published = timezone.localtime(item.published_at).date()
        due = add_working_days(published, n, cal)
        if due < on:
            late = -working_days_between(due, on, cal)
            rows.append(DueRow(item=item, due=due, working_days_left=late))
    rows.sort(key=lambda r: r.due)
    return rows


TreeNode = TypeVar("TreeNode", Organ, Column)


def _tree_order(rows: list[TreeNode]) -> list[tuple[TreeNode, int]]:
    """Rows (already in sibling order) in depth-first tree order, each with its depth."""
    by_parent: dict[int | None, list[TreeNode]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    out: list[tuple[TreeNode, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for row in by_parent.get(parent_id, []):
            out.append((row, depth))
            walk(row.pk, depth + 1)

    walk(None, 0)
    return out


def organ_tree() -> list[tuple[Organ, int]]:
    """All organs in tree order with their depth, for navigation."""
    return _tree_order(list(Organ.objects.order_by("tree_key")))  # siblings by 排序, name


def column_tree(organ_id: int) -> list[tuple[Column, int]]:
    """One organ's active columns in catalog order with their depth."""
    return _tree_order(list(Column.objects.filter(organ_id=organ_id, is_active=True)))


# Public items below an organ or a column: read by the portal's pages and feeds and by search
# indexing (which must not import the portal, the layer above it).


def listing(qs: QuerySet[Item]) -> QuerySet[Item]:
    """Everything a list row shows, in one query (no N+1 on list pages)."""
    return qs.select_related("organ", "column", "topic", "topic__parent", "genre")


def column_descendant_ids(column: Column) -> list[int]:
    """The column and all its active sub-columns, at any depth (one query)."""
    by_parent: dict[int | None, list[int]] = {}
    for pk, parent in Column.objects.filter(organ_id=column.organ_id, is_active=True).values_list(
        "pk", "parent_id"
    ):
        by_parent.setdefault(parent, []).append(pk)
    ids, todo = [], [column.pk]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        todo.extend(by_parent.get(pk, []))
    return ids


def column_items(column: Column) -> QuerySet[Item]:
    """Public items of a column and its sub-columns."""
    return listing(public_items().filter(column_id__in=column_descendant_ids(column)))


def organ_items(organ: Organ, *, subtree: bool = False) -> QuerySet[Item]:
    """Public items of an organ (with `subtree`, of the organ and every organ below it)."""
    qs = public_items()
    qs = qs.filter(organ__path__startswith=organ.path) if subtree else qs.filter(organ=organ)
    return listing(qs)


# ---------------------------------------------------------------- 政策文件库 (issue 13)
# Policy documents (信息类型 政策文件) listed by 有效性, organ, year and 文号 without a search
# word: what a reader checking whether a document is still in force asks first.


@dataclass(frozen=True)
class PolicyFilters:
    validity: str = ""  # a Validity value; empty: every document
    organ: Organ | None = None  # the organ and every organ below it
    year: int | None = None  # 成文年份 (the publication year where no 成文日期 is recorded)
    doc_number: str = ""  # a whole 文号, or part of one (岚政发, 〔2024〕, 3号)


def doc_number_q(text: str) -> Any:
    """Items whose 文号 is, or contains, what a reader typed, whatever brackets they used
    (legal-rules §5.1: 〔〕 is the official form; [] () （） 【】 are typed for it)."""
    import re

    from django.db.models import Q

    from gongkai.core.text import fold_width, parse_doc_number

    text = fold_width(text).strip()
    if parsed := parse_doc_number(text):
        return Q(doc_number=str(parsed))
    if serial := re.fullmatch(r"(\d{1,6})\s*号", text):
        return Q(doc_serial=int(serial.group(1)))
    # A year in any bracket is the 文号 year: [2024] → 〔2024〕; a lone bracket is dropped.
    text = re.sub(r"[\[(（【［〔﹝]\s*(\d{4})\s*[\])）】］〕﹞]", r"〔\1〕", text)
    text = re.sub(r"^[\[(（【［〔﹝]?(\d{4})[\])）】］〕﹞]?$", r"〔\1〕", text)
    return Q(doc_number__icontains=text)


def policy_documents(f: PolicyFilters) -> QuerySet[Item]:
    """Public policy documents matching the filters, newest document first."""
    from django.db.models import Q

    qs = public_items().filter(kind=ItemKind.POLICY)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.organ is not None:
        qs = qs.filter(organ__path__startswith=f.organ.path)
    if f.year is not None:
        qs = qs.filter(
            Q(written_on__year=f.year) | Q(written_on__isnull=True, published_at__year=f.year)
        )
    if f.doc_number:
        qs = qs.filter(doc_number_q(f.doc_number))
    return listing(qs).order_by("-written_on", "-published_at", "-pk")


def policy_years() -> list[int]:
    """The years a public policy document was written in (for the year filter), newest first."""
    years: set[int] = set()
    rows = public_items().filter(kind=ItemKind.POLICY).values_list("written_on", "published_at")
    for written, published in rows:
        if written is not None:
            years.add(written.year)
        elif published is not None:
            years.add(timezone.localtime(published).year)
    return sorted(years, reverse=True)


def policy_validity_counts() -> dict[str, int]:
    """How many public policy documents each 有效性 has (shown beside each choice)."""
    from django.db.models import Count

    rows = (
        public_items()
        .filter(kind=ItemKind.POLICY)
        .values_list("validity")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def example_doc_number() -> str:
    """A 文号 of the site's own (the latest public one in the standard form), to show readers
    how to search for one; empty when the site has none yet."""
    row = (
        public_items()
        .filter(doc_year__isnull=False, doc_serial__isnull=False)
        .exclude(doc_number="")
        .order_by("-published_at", "-pk")
        .values_list("doc_number", flat=True)
        .first()
    )
    return row or ""
