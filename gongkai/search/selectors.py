"""Searching for the portal, the JSON endpoint and the CLI (reads; index writes are in
`services`): one entry point, public items only.

Hits are always re-read through `public_items()` (条例 Art. 19–26: only published 主动公开
information is visible), so an item withdrawn a moment ago never shows even if the worker has
not removed it from the index yet; such stale hits are queued for re-indexing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from gongkai.catalog.models import Genre, Item, Topic, Validity
from gongkai.catalog.selectors import public_items
from gongkai.orgs.models import Organ
from gongkai.search import analysis
from gongkai.search.base import SearchFilters, SearchHits, SearchRequest, Sort
from gongkai.search.handler import DEFAULT_ALIAS, search_backends
from gongkai.search.highlight import best_snippet, highlight_all
from gongkai.search.services import queue_index_updates
from gongkai.search.synonyms import expand as expand_synonyms

PER_PAGE = 20
MAX_RESULTS = 1000  # deepest result reachable by paging (readers refine instead)
MIN_YEAR, MAX_YEAR = 1949, 2100


@dataclass
class Result:
    item: Item
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False


@dataclass
class FacetValue:
    param: str
    value: Any
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    query: analysis.ParsedQuery
    filters: SearchFilters
    sort: Sort
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 0
    relaxed: bool = False
    from_database: bool = False  # the index was not ready: the fallback answered
    incomplete: bool = False  # the fallback could not look at every document
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _int(value: Any, lo: int = 1, hi: int = 2**31 - 1) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def parse_filters(params: Mapping[str, Any]) -> SearchFilters:
    """Junk values are dropped, never an error (bad input must not cost the reader a 500)."""
    f = SearchFilters(
        organ=_int(params.get("organ")),
        column=_int(params.get("column")),
        topic=_int(params.get("topic")),
        genre=_int(params.get("genre")),
        year_from=_int(params.get("year_from"), MIN_YEAR, MAX_YEAR),
        year_to=_int(params.get("year_to"), MIN_YEAR, MAX_YEAR),
    )
    if year := _int(params.get("year"), MIN_YEAR, MAX_YEAR):
        f.year_from = f.year_to = year
    if f.year_from and f.year_to and f.year_from > f.year_to:
        f.year_from, f.year_to = f.year_to, f.year_from
    validity = str(params.get("validity", ""))
    if validity in Validity.values:
        f.validity = validity
    return f


def parse_sort(value: Any) -> Sort:
    return "date" if str(value) == "date" else "relevance"


def _facet_values(
    raw: dict[str, list[tuple[Any, int]]], f: SearchFilters
) -> dict[str, list[FacetValue]]:
    out: dict[str, list[FacetValue]] = {}
    organs = Organ.objects.in_bulk([k for k, _ in raw.get("organ", [])])
    topics = Topic.objects.select_related("parent").in_bulk([k for k, _ in raw.get("topic", [])])
    genres = Genre.objects.in_bulk([k for k, _ in raw.get("genre", [])])
    validity = dict(Validity.choices)
    out["organ"] = [
        FacetValue("organ", k, organs[k].name, n, f.organ == k)
        for k, n in raw.get("organ", [])
        if k in organs
    ]
    out["topic"] = [
        FacetValue("topic", k, topics[k].label, n, f.topic == k)
        for k, n in raw.get("topic", [])
        if k in topics
    ]
    out["genre"] = [
        FacetValue("genre", k, genres[k].name, n, f.genre == k)
        for k, n in raw.get("genre", [])
        if k in genres
    ]
    out["year"] = sorted(
        (
            FacetValue("year", k, f"{k}年", n, f.year_from == f.year_to == k)
            for k, n in raw.get("year", [])
        ),
        key=lambda v: -int(v.value),
    )
    out["validity"] = [
        FacetValue("validity", k, str(validity.get(k, k)), n, f.validity == k)
        for k, n in raw.get("validity", [])
        if k in validity
    ]
    return {k: v for k, v in out.items() if v}


def _needles(pq: analysis.ParsedQuery) -> list[str]:
    needles = list(pq.highlight)
    for t in pq.terms:
        needles.append(t.word)
        needles.extend(t.alternatives)
    return needles


def _result(item: Item, pq: analysis.ParsedQuery, exact: bool) -> Result:
    needles = _needles(pq)
    title = highlight_all(item.title, needles)
    for source in (
        item.summary,
        strip_tags(item.body),
        *(a.extracted_text for a in item.attachments.all()),
    ):
        snippet, matched = best_snippet(source, needles)
        if matched:
            break
    else:
        snippet, _ = best_snippet(item.summary or strip_tags(item.body), needles)
    return Result(item=item, title_html=title, snippet_html=snippet, exact=exact)


def _hydrate(hits: SearchHits, pq: analysis.ParsedQuery) -> list[Result]:
    items = (
        public_items()
        .select_related("organ", "column", "topic", "topic__parent", "genre")
        .prefetch_related("attachments")
        .in_bulk(hits.ids)
    )
    if stale := [pk for pk in hits.ids if pk not in items]:
        queue_index_updates(stale)
    exact = set(hits.exact_ids)
    return [_result(items[pk], pq, pk in exact) for pk in hits.ids if pk in items]


def search_items(
    raw_query: str,
    *,
    filters: SearchFilters | None = None,
    sort: Sort = "relevance",
    page: Any = 1,
    per_page: int = PER_PAGE,
    facets: bool = True,
) -> SearchPage:
    # Synonyms here too (the backend applies them again, idempotently) so that 最低生活保障 is
    # marked in the results of 低保.
    pq = expand_synonyms(analysis.parse_query(raw_query))
    filters = filters or SearchFilters()
    result = SearchPage(query=pq, filters=filters, sort=sort)
    if pq.truncated:
        result.notices.append(
            f"检索词过长，只使用了前 {analysis.MAX_QUERY_CHARS} 个字：“{pq.text}”。"
        )
    if pq.empty:
        return result
    backend = search_backends.reading()
    result.from_database = backend is not search_backends[DEFAULT_ALIAS]
    number = _int(page) or 1
    max_pages = MAX_RESULTS // per_page
    number = min(number, max_pages)
    req = SearchRequest(
        query=pq,
        filters=filters,
        sort=sort,
        offset=(number - 1) * per_page,
        limit=per_page,
        facets=facets,
    )
    hits = backend.search(req)
    pages = min(max_pages, math.ceil(hits.total / per_page)) if hits.total else 0
    if pages and number > pages:
        # Past the end (an old link, a typed page number): show the last page instead.
        number = pages
        req.offset, req.facets = (number - 1) * per_page, False
        facet_data = hits.facets
        hits = backend.search(req)
        hits.facets = facet_data
    # Nothing found: page 1 of none, not the page number that was asked for.
    result.page, result.num_pages, result.total = number if pages else 1, pages, hits.total
    result.relaxed = hits.relaxed
    result.incomplete = hits.incomplete
    # Sub-words are marked only when they were matched (see `base.EXPAND_BELOW`).
    result.results = _hydrate(hits, pq if hits.expanded else pq.without_alternatives())
    result.facets = _facet_values(hits.facets, filters)
    return result


def suggest_titles(raw_query: str, limit: int = 8) -> list[Item]:
    pq = analysis.parse_query(raw_query)
    if not pq.terms:
        return []
    ids = search_backends.reading().suggest(pq, limit)
    items = public_items().in_bulk(ids)
    return [items[pk] for pk in ids if pk in items]
