"""Reads of the lists: current versions and their history with change lists, the guides with
their missing elements (服务不实用), and the 负面清单 reviews due. Staff reads are scoped by
`orgs.permissions`; public reads return only published versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.inventories import diff, rules
from gongkai.inventories.models import (
    GUIDE_ELEMENTS,
    KIND_FIELDS,
    Entry,
    Inventory,
    InventoryVersion,
    Kind,
    NegativeReview,
    ServiceGuide,
    VersionStatus,
)
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organs_for

PUBLIC_STATES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)

# ---- versions and their changes ---------------------------------------------------------------


def current_version(inventory: Inventory) -> InventoryVersion | None:
    return inventory.versions.filter(status=VersionStatus.PUBLISHED).first()


def draft_version(inventory: Inventory) -> InventoryVersion | None:
    return inventory.versions.filter(status=VersionStatus.DRAFT).first()


def entries_of(version: InventoryVersion) -> list[Entry]:
    return list(version.entries.select_related("guide").order_by("position", "pk"))


def _rows(version: InventoryVersion | None) -> list[dict[str, Any]]:
    if version is None:
        return []
    fields = KIND_FIELDS[version.inventory.kind]
    rows = []
    for entry in entries_of(version):
        row: dict[str, Any] = {"key": entry.key, "name": entry.name}
        for name in fields:
            row[name] = entry.guide_id if name == "guide" else getattr(entry, name)
        rows.append(row)
    return rows


def previous_published(version: InventoryVersion) -> InventoryVersion | None:
    """The published version before `version` (for a draft: the current one)."""
    return (
        InventoryVersion.objects.filter(
            inventory_id=version.inventory_id, status__in=PUBLIC_STATES, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def changes_of(version: InventoryVersion) -> list[diff.Change]:
    """What `version` added, removed and changed against the published version before it."""
    fields = KIND_FIELDS[version.inventory.kind]
    return diff.changes(_rows(previous_published(version)), _rows(version), fields=fields)


@dataclass(frozen=True)
class HistoryRow:
    version: InventoryVersion
    changes: list[diff.Change]


def history(inventory: Inventory) -> list[HistoryRow]:
    """Every published version, newest first, with its change log and change list (none for
    the first: it is the first publication, not a change)."""
    versions = list(inventory.versions.filter(status__in=PUBLIC_STATES).order_by("-number"))
    first = versions[-1].pk if versions else None
    return [HistoryRow(version=v, changes=[] if v.pk == first else changes_of(v)) for v in versions]


def change_field_labels(kind: str, change: diff.Change) -> list[str]:
    from gongkai.inventories.models import field_label

    return [field_label(kind, name) for name in change.fields]


# ---- public ----------------------------------------------------------------------------------


def public_organs() -> QuerySet[Organ]:
    """Organs with a published list or a guide (the portal's 清单 index)."""
    with_lists = Inventory.objects.filter(versions__status=VersionStatus.PUBLISHED).values(
        "organ_id"
    )
    with_guides = ServiceGuide.objects.values("organ_id")
    return Organ.objects.filter(Q(pk__in=with_lists) | Q(pk__in=with_guides)).order_by("tree_key")


def public_inventory(organ: Organ, kind: str) -> Inventory | None:
    return Inventory.objects.filter(organ=organ, kind=kind).select_related("organ").first()


def organ_guides(organ: Organ) -> QuerySet[ServiceGuide]:
    return ServiceGuide.objects.filter(organ=organ).order_by("title", "pk")


# ---- 办事指南: missing elements -----------------------------------------------------------------


@dataclass(frozen=True)
class GuideFlag:
    guide: ServiceGuide
    missing: list[str]


def _missing_q() -> Q:
    q = Q(pk__in=[])
    for name, _label in GUIDE_ELEMENTS:
        q |= Q(**{name: ""})
    return q


def guides_missing_elements(organ_subtree: Organ) -> list[GuideFlag]:
    """办事指南 of `organ_subtree` and the organs below it that lack an element
    (`rules.guide_missing_elements`): the 服务不实用 list, for the back office and for the
    monitor / assessment apps. (Services strip every element, so "" is the only empty form.)"""
    guides = (
        ServiceGuide.objects.filter(organ__path__startswith=organ_subtree.path)
        .filter(_missing_q())
        .select_related("organ")
        .order_by("organ__tree_key", "title", "pk")
    )
    return [GuideFlag(g, rules.guide_missing_elements(g.elements())) for g in guides]


def flagged_guides(organs: QuerySet[Organ]) -> list[GuideFlag]:
    """The guides of `organs` (a user's) that lack an element, in one query."""
    guides = (
        ServiceGuide.objects.filter(organ__in=organs)
        .filter(_missing_q())
        .select_related("organ")
        .order_by("organ__tree_key", "title", "pk")
    )
    return [GuideFlag(g, rules.guide_missing_elements(g.elements())) for g in guides]


def flags_by_guide(guides: list[ServiceGuide]) -> dict[int, list[str]]:
    return {g.pk: rules.guide_missing_elements(g.elements()) for g in guides}


# ---- 负面清单 reviews ------------------------------------------------------------------------


def last_reviews(inventory: Inventory) -> dict[str, NegativeReview]:
    """The latest review of each entry key."""
    latest: dict[str, NegativeReview] = {}
    for review in inventory.reviews.order_by("reviewed_on", "pk"):
        latest[review.entry_key] = review
    return latest


@dataclass(frozen=True)
class ReviewRow:
    inventory: Inventory
    entry: Entry
    last: NegativeReview | None
    next_review_on: date | None
    overdue: bool


def review_rows(inventory: Inventory, *, today: date) -> list[ReviewRow]:
    """The current 负面清单 entries with their next review date: the latest review's, else the
    date the entry was published with."""
    version = current_version(inventory)
    if version is None or inventory.kind != Kind.NEGATIVE:
        return []
    latest = last_reviews(inventory)
    rows = []
    for entry in entries_of(version):
        last = latest.get(entry.key)
        due = last.next_review_on if last is not None else entry.next_review_on
        rows.append(
            ReviewRow(
                inventory=inventory,
                entry=entry,
                last=last,
                next_review_on=due,
                overdue=rules.review_overdue(next_review_on=due, today=today),
            )
        )
    return rows


def due_reviews(organs: QuerySet[Organ] | list[Organ] | None, *, today: date) -> list[ReviewRow]:
    """Entries of current 负面清单 whose review is due or overdue (all organs when None)."""
    lists = Inventory.objects.filter(
        kind=Kind.NEGATIVE, versions__status=VersionStatus.PUBLISHED
    ).select_related("organ")
    if organs is not None:
        lists = lists.filter(organ__in=organs)
    return [row for inv in lists for row in review_rows(inv, today=today) if row.overdue]


# ---- staff ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganLists:
    organ: Organ
    lists: list[tuple[str, str, InventoryVersion | None, InventoryVersion | None]]
    guides: int
    flagged: int


def staff_overview(user: Any) -> list[OrganLists]:
    """Per organ the user sees: each kind's current version and draft, and its guides."""
    organs = list(organs_for(user).order_by("tree_key"))
    found: dict[tuple[int, str], dict[str, InventoryVersion]] = {}
    versions = InventoryVersion.objects.filter(
        inventory__organ__in=organs, status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT]
    ).select_related("inventory")
    for v in versions:
        found.setdefault((v.inventory.organ_id, v.inventory.kind), {})[v.status] = v
    result = []
    guides_of: dict[int, list[ServiceGuide]] = {}
    for guide in ServiceGuide.objects.filter(organ__in=organs):
        guides_of.setdefault(guide.organ_id, []).append(guide)
    for organ in organs:
        guides = guides_of.get(organ.pk, [])
        lists = []
        for kind, label in Kind.choices:
            row = found.get((organ.pk, kind), {})
            lists.append(
                (kind, label, row.get(VersionStatus.PUBLISHED), row.get(VersionStatus.DRAFT))
            )
        flagged = sum(1 for g in guides if rules.guide_missing_elements(g.elements()))
        result.append(OrganLists(organ=organ, lists=lists, guides=len(guides), flagged=flagged))
    return result


__all__ = [
    "GuideFlag",
    "HistoryRow",
    "ReviewRow",
    "changes_of",
    "current_version",
    "due_reviews",
    "guides_missing_elements",
    "history",
    "review_rows",
    "staff_overview",
]
