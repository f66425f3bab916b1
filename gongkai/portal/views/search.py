"""全文检索 pages (条例 Art. 24: the platform offers 检索): results page, JSON, title suggestions.

Everything works without JavaScript: the form is a GET form, facets and paging are links.
Readers in 繁體 mode type traditional characters; the query is folded to simplified for matching
and the page is converted back by the script middleware.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.catalog.models import Genre, Validity
from gongkai.catalog.selectors import column_tree, example_doc_number, organ_tree
from gongkai.core.text import parse_doc_number
from gongkai.portal.selectors import topic_groups
from gongkai.search.selectors import (
    PER_PAGE,
    SearchPage,
    parse_filters,
    parse_sort,
    search_items,
    suggest_titles,
)
from gongkai.sites.resolve import SiteInfo, site_of

FACET_LABELS = {
    "organ": "发布机构",
    "topic": "主题分类",
    "genre": "体裁",
    "year": "发布年份",
    "validity": "有效性",
}


def site_scope(request: HttpRequest) -> SiteInfo | None:
    """On a department's or county's own site (集约化, issue 20 §5) a reader searches that
    site's organs, as on a site of its own, unless they ask for the whole platform
    (`scope=all`) or choose an organ themselves. The primary site searches everything."""
    site = site_of(request)
    if site.is_primary or not site.root_path or site.root_organ_id is None:
        return None
    if request.GET.get("scope") == "all":
        return None
    return site


def _run(request: HttpRequest, *, facets: bool) -> SearchPage:
    filters = parse_filters(request.GET)
    scope = site_scope(request)
    if scope is not None and filters.organ is None:
        filters.organ = scope.root_organ_id
    return search_items(
        str(request.GET.get("q", "")),
        filters=filters,
        sort=parse_sort(request.GET.get("sort")),
        page=request.GET.get("page", 1),
        facets=facets,
    )


def doc_number_example() -> dict[str, str] | None:
    """One of the site's own 文号 as readers may type it (the placeholder and the hint), or
    None on a site without one: an example from another city's documents would find nothing."""
    number = example_doc_number()
    parsed = parse_doc_number(number) if number else None
    if parsed is None:
        return None
    return {
        "number": str(parsed),
        "typed": f"{parsed.agency}[{parsed.year}]{parsed.serial}号",
        "short": f"{parsed.serial}号文",
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    result = _run(request, facets=True)
    scope = site_scope(request)
    this_year = timezone.localdate().year
    # Columns belong to one organ's catalog: offered once an organ is chosen.
    columns = column_tree(result.filters.organ) if result.filters.organ else []
    context: dict[str, Any] = {
        "r": result,
        "q": result.query.text,
        "facet_groups": _facet_groups(request, result, scope),
        "start": (result.page - 1) * PER_PAGE + 1,
        "organs": [(o, d) for o, d in organ_tree() if scope is None or scope.covers(o.path)],
        "site_scope": scope,
        "scope_all": request.GET.get("scope") == "all" and not site_of(request).is_primary,
        "columns": columns,
        "topic_groups": topic_groups(),
        "genres": list(Genre.objects.order_by("sort_order", "id")),
        "validities": Validity.choices,
        "years": list(range(this_year, this_year - 30, -1)),
        "page_range": _page_range(result),
        "doc_example": doc_number_example(),
        "crumbs": [("首页", reverse("portal:home")), ("全文检索", None)],
        "column_name": "全文检索",
        "column_type": "检索",
    }
    return render(request, "portal/search.html", context)


def _facet_groups(
    request: HttpRequest, r: SearchPage, scope: SiteInfo | None = None
) -> list[tuple[str, str, list[Any]]]:
    """Each facet value with the link that adds it (or, when chosen, removes it). On a site's
    own search the site's organ is chosen by the scope: removing it searches the platform."""
    groups = []
    for key, values in r.facets.items():
        rows = []
        for v in values:
            params = request.GET.copy()
            params.pop("page", None)
            names = ["year", "year_from", "year_to"] if key == "year" else [v.param]
            for name in names:
                params.pop(name, None)
            if not v.selected:
                params[v.param] = str(v.value)
            elif key == "organ" and scope is not None and "organ" not in request.GET:
                params["scope"] = "all"
            rows.append((v, "?" + params.urlencode()))
        groups.append((key, FACET_LABELS[key], rows))
    return groups


def _page_range(r: SearchPage) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 (None is an ellipsis)."""
    if r.num_pages <= 1:
        return []
    keep = {1, r.num_pages, *range(max(1, r.page - 2), min(r.num_pages, r.page + 2) + 1)}
    out: list[int | None] = []
    for n in sorted(keep):
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


@require_GET
def search_json(request: HttpRequest) -> JsonResponse:
    r = _run(request, facets=request.GET.get("facets") == "1")
    data = {
        "query": r.query.text,
        "total": r.total,
        "page": r.page,
        "num_pages": r.num_pages,
        "sort": r.sort,
        "relaxed": r.relaxed,
        "notices": r.notices,
        "results": [
            {
                "id": res.item.pk,
                "title": res.item.title,
                "url": request.build_absolute_uri(res.item.get_absolute_url()),
                "doc_number": res.item.doc_number,
                "index_number": res.item.index_number,
                "organ": res.item.organ.name,
                "published_at": res.item.published_at.isoformat()
                if res.item.published_at
                else None,
                "validity": res.item.validity,
                "exact": res.exact,
                "title_html": str(res.title_html),
                "snippet_html": str(res.snippet_html),
            }
            for res in r.results
        ],
        "facets": {
            k: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for k, values in r.facets.items()
        },
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    items = suggest_titles(str(request.GET.get("q", "")))
    return JsonResponse(
        {"suggestions": [{"title": i.title, "url": i.get_absolute_url()} for i in items]},
        json_dumps_params={"ensure_ascii": False},
    )
