"""Reads for the catalog: what the public may see, and what staff must act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Attribute, Column, Item, ItemKind, Status
from gongkai.core.conf import gongkai_settings
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
    Status.SECRECY_REVIEW,
    Status.AWAITING_APPROVAL,
    Status.SCHEDULED,
]


def public_items() -> QuerySet[Item]:
    """Published 主动公开 items: the only items the public ever lists or searches."""
    return Item.objects.filter(status=Status.PUBLISHED, attribute__in=PUBLIC_ATTRIBUTES)


def public_item_pages() -> QuerySet[Item]:
    """Items with a public page: published, or withdrawn (the page says so)."""
    return Item.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], attribute__in=PUBLIC_ATTRIBUTES
    )


def items_visible_to(user: Any) -> QuerySet[Item]:
    """Back-office items a user may read: those of organs their roles cover."""
    return Item.objects.filter(organ__in=organs_for(user))


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
        .filter(status__in=UNPUBLISHED_STATES, attribute__in=PUBLIC_ATTRIBUTES)
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
    return _tree_order(sorted(Organ.objects.all(), key=lambda o: (o.sort_order, o.pk)))


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
