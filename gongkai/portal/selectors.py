"""Portal reads. Everything the public sees starts from `catalog.selectors.public_items()`.

The public may only ever see published 主动公开 information (条例 Art. 19–26); drafts, items
awaiting 签发, items filed as 依申请公开/不予公开 and withdrawn items are never listed here. A
withdrawn item keeps its page (`public_item_pages`) so people holding the link learn it was
withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from gongkai.catalog.models import Column, Genre, Item, ItemKind, Topic, Validity
from gongkai.catalog.selectors import (
    PolicyFilters,
    column_descendant_ids,
    listing,
    organ_tree,
    public_item_pages,
    public_items,
)
from gongkai.core.text import to_simplified
from gongkai.orgs.models import Organ

#: Home page sections, in the order real 政府信息公开 platforms show them.
HOME_SECTIONS: list[tuple[str, str]] = [
    (Column.Kind.STATUTORY, "法定主动公开内容"),
    (Column.Kind.POLICY, "政策文件"),
    (Column.Kind.INTERPRETATION, "政策解读"),
    (Column.Kind.ANNUAL_REPORT, "政府信息公开年报"),
]
SECTION_SIZE = 8
PAGE_SIZE = 20
MIN_YEAR, MAX_YEAR = 1949, 2100


# ---------------------------------------------------------------- home


@dataclass
class Section:
    kind: str
    label: str
    items: list[Item]


def _within(qs: QuerySet[Item], within: str) -> QuerySet[Item]:
    """Items of the organs below the path `within` (a site's root organ, gongkai/sites); all
    when it is empty."""
    return qs.filter(organ__path__startswith=within) if within else qs


def home_sections(*, within: str = "", kinds: tuple[str, ...] = ()) -> list[Section]:
    """Latest public items per top-level column kind (children inherit the parent's kind), of
    the organs below `within` and the kinds `kinds` (all when empty), in the order given."""
    labels = dict(HOME_SECTIONS)
    chosen = [(k, labels[k]) for k in kinds if k in labels] if kinds else HOME_SECTIONS
    return [
        Section(
            kind,
            label,
            list(listing(_within(public_items(), within).filter(column__kind=kind))[:SECTION_SIZE]),
        )
        for kind, label in chosen
    ]


def key_area_block(*, within: str = "") -> tuple[list[tuple[str, str]], list[Item]]:
    """重点领域: the sub-areas (code, name) found in catalogs, and their latest items."""
    areas: dict[str, str] = {}
    columns = Column.objects.filter(kind=Column.Kind.KEY_AREA, parent__isnull=False, is_active=True)
    if within:
        columns = columns.filter(organ__path__startswith=within)
    for code, name in columns.order_by("sort_order", "id").values_list("code", "name"):
        areas.setdefault(code, name)
    items = list(
        listing(_within(public_items(), within).filter(column__kind=Column.Kind.KEY_AREA))[
            :SECTION_SIZE
        ]
    )
    return list(areas.items()), items


# ---------------------------------------------------------------- organs and columns


@dataclass
class OrganNode:
    organ: Organ
    children: list[OrganNode] = field(default_factory=list)


def organ_forest(*, within: str = "") -> list[OrganNode]:
    """The organ tree as nested nodes (for nested lists on the 机构目录 page), of the organs
    below the path `within` only when given (a site's subtree)."""
    roots: list[OrganNode] = []
    stack: list[tuple[int, OrganNode]] = []
    for organ, depth in organ_tree():
        if within and not organ.path.startswith(within):
            continue
        node = OrganNode(organ)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((depth, node))
    return roots


@dataclass
class ColumnNode:
    column: Column
    count: int
    children: list[ColumnNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.count + sum(c.total for c in self.children)


def column_tree(organ: Organ) -> list[ColumnNode]:
    """An organ's active catalog columns, nested, with the number of public items in each."""
    columns = list(Column.objects.filter(organ=organ, is_active=True).order_by("sort_order", "id"))
    counts = dict(
        public_items()
        .filter(organ=organ)
        .values_list("column")
        .annotate(n=Count("id"))
        .values_list("column", "n")
    )
    nodes = {c.pk: ColumnNode(c, counts.get(c.pk, 0)) for c in columns}
    roots: list[ColumnNode] = []
    for c in columns:
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.children if parent else roots).append(nodes[c.pk])
    return roots


def column_ancestors(column: Column) -> list[Column]:
    chain: list[Column] = []
    current = column.parent
    while current is not None and len(chain) < 10:
        chain.insert(0, current)
        current = current.parent
    return chain


# ---------------------------------------------------------------- item page


def item_page(pk: int) -> Item | None:
    return (
        public_item_pages()
        .select_related("organ", "column", "topic", "topic__parent", "genre", "interprets")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def interpretations_of(item: Item) -> list[Item]:
    """Published 政策解读 of a policy (三同步: the policy page links to its interpretations)."""
    return list(
        listing(public_items().filter(interprets=item, kind=ItemKind.INTERPRETATION)).order_by(
            "published_at", "id"
        )
    )


def interpreted_policy(item: Item) -> Item | None:
    """The policy an interpretation explains, when that policy has a public page."""
    if item.kind != ItemKind.INTERPRETATION or item.interprets_id is None:
        return None
    return public_item_pages().filter(pk=item.interprets_id).first()


# ---------------------------------------------------------------- browse


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class BrowseFilters:
    """Filters parsed from the query string; junk values are dropped, never an error."""

    organ: Organ | None = None
    column: Column | None = None
    topic: Topic | None = None
    genre: Genre | None = None
    year: int | None = None
    kind: str = ""
    area: str = ""
    area_name: str = ""
    validity: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any(
            [
                self.organ,
                self.column,
                self.topic,
                self.genre,
                self.year,
                self.kind,
                self.area,
                self.validity,
                self.q,
            ]
        )


#: 有效性 as a policy library names it (the model's "有效" is 现行有效 to a reader of policies).
VALIDITY_LABELS: list[tuple[str, str]] = [
    (Validity.VALID, "现行有效"),
    (Validity.AMENDED, "已修改"),
    (Validity.EXPIRED, "已失效"),
    (Validity.REPEALED, "已废止"),
]


def _validity(params: Mapping[str, Any]) -> str:
    value = str(params.get("validity", ""))
    return value if value in Validity.values else ""


def parse_filters(params: Mapping[str, Any]) -> BrowseFilters:
    f = BrowseFilters()
    if pk := _int(params.get("organ")):
        f.organ = Organ.objects.filter(pk=pk).first()
    if pk := _int(params.get("column")):
        f.column = Column.objects.select_related("organ").filter(pk=pk, is_active=True).first()
    if pk := _int(params.get("topic")):
        f.topic = Topic.objects.select_related("parent").filter(pk=pk).first()
    if pk := _int(params.get("genre")):
        f.genre = Genre.objects.filter(pk=pk).first()
    year = _int(params.get("year"))
    if year and MIN_YEAR <= year <= MAX_YEAR:
        f.year = year
    kind = str(params.get("kind", ""))
    if kind in Column.Kind.values:
        f.kind = kind
    f.validity = _validity(params)
    area = str(params.get("area", ""))[:40]
    if _SLUG.fullmatch(area):
        names = Column.objects.filter(code=area, kind=Column.Kind.KEY_AREA).values_list("name")
        if row := names.first():
            f.area, f.area_name = area, row[0]
    # Control characters (NUL breaks PostgreSQL) are dropped; whitespace is collapsed.
    q = "".join(ch for ch in str(params.get("q", "")) if ch.isprintable() or ch.isspace())
    f.q = " ".join(q.split())[:100]
    return f


def browse_items(f: BrowseFilters) -> QuerySet[Item]:
    qs = public_items()
    if f.organ is not None:
        qs = qs.filter(organ__path__startswith=f.organ.path)  # the organ and its whole subtree
    if f.column is not None:
        qs = qs.filter(column_id__in=column_descendant_ids(f.column))
    if f.topic is not None:
        qs = qs.filter(Q(topic=f.topic) | Q(topic__parent=f.topic))
    if f.genre is not None:
        qs = qs.filter(genre=f.genre)
    if f.year is not None:
        qs = qs.filter(published_at__year=f.year)
    if f.kind:
        qs = qs.filter(column__kind=f.kind)
    if f.area:
        qs = qs.filter(column__code=f.area, column__kind=Column.Kind.KEY_AREA)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.q:
        # Readers in 繁體 mode see (and retype) traditional characters; titles are simplified.
        simplified = to_simplified(f.q)
        qs = qs.filter(Q(title__icontains=f.q) | Q(title__icontains=simplified))
    return listing(qs)


@dataclass
class TopicGroup:
    topic: Topic
    children: list[Topic]


def topic_groups() -> list[TopicGroup]:
    topics = list(Topic.objects.order_by("sort_order", "id"))
    groups = {t.pk: TopicGroup(t, []) for t in topics if t.parent_id is None}
    for t in topics:
        if t.parent_id in groups:
            t.parent = groups[t.parent_id].topic  # label without another query
            groups[t.parent_id].children.append(t)
    return list(groups.values())


def genres() -> list[Genre]:
    return list(Genre.objects.order_by("sort_order", "id"))


def publication_years() -> list[int]:
    """The (local) years in which a public item was published, newest first.

    The first and the last publication date, then one EXISTS per year between: each is a probe
    of `item_published_recent_idx`. A DISTINCT over the years of every published item read and
    sorted 4 million rows at scale (3.6 s, docs/benchmarks.md, issue 16 §7)."""
    items = public_items()
    bounds = items.aggregate(first=Min("published_at"), last=Max("published_at"))
    if bounds["first"] is None:
        return []
    zone = timezone.get_current_timezone()
    first = timezone.localtime(bounds["first"], zone).year
    last = timezone.localtime(bounds["last"], zone).year
    return [
        year
        for year in range(last, first - 1, -1)
        if year in {first, last}
        or items.filter(
            published_at__gte=datetime(year, 1, 1, tzinfo=zone),
            published_at__lt=datetime(year + 1, 1, 1, tzinfo=zone),
        ).exists()
    ]


def organ_choices() -> list[tuple[Organ, int]]:
    return organ_tree()


# ---------------------------------------------------------------- 政策文件库


def parse_policy_filters(params: Mapping[str, Any]) -> PolicyFilters:
    """The policy library's filters from the query string; junk is dropped, never an error."""
    organ = None
    if pk := _int(params.get("organ")):
        organ = Organ.objects.filter(pk=pk).first()
    year = _int(params.get("year"))
    text = "".join(ch for ch in str(params.get("doc_number", "")) if ch.isprintable())
    return PolicyFilters(
        validity=_validity(params),
        organ=organ,
        year=year if year and MIN_YEAR <= year <= MAX_YEAR else None,
        doc_number=" ".join(text.split())[:80],
    )
