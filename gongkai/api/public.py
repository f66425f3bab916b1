"""Public read endpoints: anonymous, rate-limited per address, published 主动公开 data only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api import schemas, selectors
from gongkai.api.common import (
    MAX_LIMIT,
    Id,
    Text,
    When,
    Year,
    decode_cursor,
    encode_cursor,
    page_size,
    responses,
)
from gongkai.catalog.models import Column, Genre, Item, Topic
from gongkai.catalog.selectors import column_tree
from gongkai.orgs.models import Organ
from gongkai.reports.builders import data_to_json
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data
from gongkai.search.base import SearchFilters
from gongkai.search.selectors import MAX_RESULTS, search_items

router = Router(tags=["公开数据"])


LIMIT_HELP = f"每页条数，默认20，最多{MAX_LIMIT}（超过按{MAX_LIMIT}）"
CURSOR_HELP = "上一页返回的 next_cursor，原样传回；不填为第一页"


class PageQuery(Schema):
    cursor: Text | None = Field(None, max_length=500, description=CURSOR_HELP)
    limit: int | None = Field(None, description=LIMIT_HELP)


# ---- organs and the catalog -------------------------------------------------------------------


class OrganQuery(PageQuery):
    parent: Id | None = Field(None, description="只列出该机关的直属下级")


@router.get("/organs", response=responses(schemas.OrganPage), summary="机关列表")
def organs(request: HttpRequest, q: Query[OrganQuery]) -> dict[str, object]:
    """All organs (by id), each with its parent: rebuild the tree from `parent_id`."""
    qs = Organ.objects.order_by("pk")
    if q.parent is not None:
        qs = qs.filter(parent_id=q.parent)
    if q.cursor:
        _, pk = decode_cursor(q.cursor, "organ")
        qs = qs.filter(pk__gt=pk)
    limit = page_size(q.limit)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "results": [schemas.organ_out(o) for o in rows],
        "next_cursor": encode_cursor("organ", None, rows[-1].pk) if more else None,
    }


@router.get("/organs/{organ_id}", response=responses(schemas.OrganOut, 404), summary="机关")
def organ(request: HttpRequest, organ_id: Id) -> schemas.OrganOut:
    found = Organ.objects.filter(pk=organ_id).first()
    if found is None:
        raise Http404
    return schemas.organ_out(found)


@router.get(
    "/organs/{organ_id}/columns",
    response=responses(list[schemas.ColumnOut], 404),
    summary="机关的公开目录栏目",
)
def organ_columns(request: HttpRequest, organ_id: Id) -> list[schemas.ColumnOut]:
    """The organ's active columns in catalog order, each with its depth in the tree."""
    if not Organ.objects.filter(pk=organ_id).exists():
        raise Http404
    return [schemas.column_out(c, depth) for c, depth in column_tree(organ_id)]


@router.get("/columns/{column_id}", response=responses(schemas.ColumnOut, 404), summary="栏目")
def column(request: HttpRequest, column_id: Id) -> schemas.ColumnOut:
    found = Column.objects.filter(pk=column_id, is_active=True).first()
    if found is None:
        raise Http404
    return schemas.column_out(found)


@router.get("/topics", response=responses(list[schemas.NamedOut]), summary="主题分类")
def topics(request: HttpRequest) -> list[schemas.NamedOut]:
    return [
        schemas.NamedOut(id=t.pk, name=t.name, parent_id=t.parent_id)
        for t in Topic.objects.order_by("parent_id", "sort_order", "pk")
    ]


@router.get("/genres", response=responses(list[schemas.NamedOut]), summary="体裁")
def genres(request: HttpRequest) -> list[schemas.NamedOut]:
    return [schemas.NamedOut(id=g.pk, name=g.name) for g in Genre.objects.all()]


# ---- items ------------------------------------------------------------------------------------


class ItemQuery(PageQuery):
    organ: Id | None = Field(None, description="发布机关")
    subtree: bool = Field(False, description="含 organ 的全部下级机关")
    column: Id | None = Field(None, description="栏目（含下级栏目）")
    topic: Id | None = Field(None, description="主题分类（一级分类含其二级分类）")
    genre: Id | None = Field(None, description="体裁")
    year: Year | None = Field(None, description="发布年份")
    validity: schemas.ValidityIn | None = Field(None, description="有效性")
    kind: schemas.KindIn | None = Field(None, description="信息类型")
    updated_since: When | None = Field(None, description="只列出此时间以后更新过的信息")
    order: Literal["published", "updated"] = Field(
        "published", description="published：最新发布在前；updated：最早更新在前（增量同步）"
    )

    def filters(self) -> selectors.ItemFilters:
        return selectors.ItemFilters(
            organ=self.organ,
            subtree=self.subtree,
            column=self.column,
            topic=self.topic,
            genre=self.genre,
            year=self.year,
            validity=self.validity or "",
            kind=self.kind or "",
            updated_since=self.updated_since,
        )


def item_page(
    qs: QuerySet[Item], q: PageQuery, order: str, out: Callable[[Item], Any]
) -> dict[str, object]:
    """One page after `q.cursor` in `order`, and the cursor of the next one."""
    if q.cursor:
        key, pk = decode_cursor(q.cursor, order)
        qs = selectors.after(qs, order, key, pk)
    limit = page_size(q.limit)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = None
    if more:
        last = rows[-1]
        field = selectors.ORDERS[order][0]
        cursor = encode_cursor(order, getattr(last, field), last.pk)
    return {"results": [out(i) for i in rows], "next_cursor": cursor}


@router.get("/items", response=responses(schemas.ItemPage), summary="已发布的主动公开信息")
def items(request: HttpRequest, q: Query[ItemQuery]) -> dict[str, object]:
    """Published 主动公开 items, filtered, a page at a time (cursor: stable while items are
    published meanwhile)."""
    qs = selectors.public_item_list(q.filters(), q.order)
    return item_page(qs, q, q.order, schemas.item_out)


@router.get("/items/{item_id}", response=responses(schemas.ItemDetailOut, 404), summary="信息")
def item(request: HttpRequest, item_id: Id) -> dict[str, object]:
    """One published item with its text and attachments (404 if not published or not 主动公开)."""
    found = selectors.public_item(item_id)
    if found is None:
        raise Http404
    return schemas.item_detail_out(found)


# ---- search -----------------------------------------------------------------------------------


class SearchQuery(Schema):
    q: Text = Field("", max_length=200, description="检索词（与门户网站全文检索相同）")
    organ: Id | None = Field(None, description="发布机关（含下级）")
    column: Id | None = None
    topic: Id | None = None
    genre: Id | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    validity: schemas.ValidityIn | None = None
    sort: Literal["relevance", "date"] = "relevance"
    page: int = Field(1, ge=1, le=MAX_RESULTS, description=f"页码（最多可翻到第{MAX_RESULTS}条）")
    limit: int | None = Field(None, description=LIMIT_HELP)


@router.get("/search", response=responses(schemas.SearchOut), summary="全文检索")
def search(request: HttpRequest, q: Query[SearchQuery]) -> dict[str, object]:
    """The portal's search (`search.selectors.search_items`): the same index, synonyms and
    ranking; hits are re-read through the public items, so nothing unpublished is returned."""
    low, high = q.year_from, q.year_to
    if low and high and low > high:
        low, high = high, low
    filters = SearchFilters(
        organ=q.organ,
        column=q.column,
        topic=q.topic,
        genre=q.genre,
        year_from=low,
        year_to=high,
        validity=q.validity or "",
    )
    result = search_items(
        q.q, filters=filters, sort=q.sort, page=q.page, per_page=page_size(q.limit), facets=False
    )
    return {
        "query": result.query.text,
        "total": result.total,
        "page": result.page,
        "num_pages": result.num_pages,
        "results": [
            {
                "item": schemas.item_out(r.item),
                "title_html": str(r.title_html),
                "snippet_html": str(r.snippet_html),
                "exact": r.exact,
            }
            for r in result.results
        ],
        "notices": result.notices,
    }


# ---- annual reports ---------------------------------------------------------------------------


class ReportQuery(PageQuery):
    organ: Id | None = None
    year: Year | None = None


def _report(r: AnnualReport) -> dict[str, object]:
    return {
        "id": r.pk,
        "organ_id": r.organ_id,
        "organ_name": r.organ.name,
        "year": r.year,
        "scope": r.scope,
        "title": r.title,
        "published_at": r.published_at,
        "item_id": r.item_id,
    }


@router.get("/reports", response=responses(schemas.ReportPage), summary="已发布的年度报告")
def reports(request: HttpRequest, q: Query[ReportQuery]) -> dict[str, object]:
    qs = selectors.published_reports(organ=q.organ, year=q.year).order_by("pk")
    if q.cursor:
        _, pk = decode_cursor(q.cursor, "report")
        qs = qs.filter(pk__gt=pk)
    limit = page_size(q.limit)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "results": [_report(r) for r in rows],
        "next_cursor": encode_cursor("report", None, rows[-1].pk) if more else None,
    }


@router.get(
    "/reports/{report_id}", response=responses(schemas.ReportDataOut, 404), summary="年度报告数据"
)
def report(request: HttpRequest, report_id: Id) -> dict[str, object]:
    """A published report's tables (二、三、四) and text as data: the figures frozen when it was
    submitted for publication, as on the published report."""
    found = selectors.published_report(report_id)
    if found is None:
        raise Http404
    data = data_to_json(report_data(found))
    return {
        **_report(found),
        "format": data["format"],
        "tables": data["tables"],
        "sections": data["sections"],
    }
