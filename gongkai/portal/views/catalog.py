"""公开目录 pages: home, 机构目录, an organ's catalog, columns, browse and the 公开指南."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.catalog.models import Column, Item
from gongkai.catalog.selectors import column_items, example_doc_number, organ_items
from gongkai.orgs.models import Organ
from gongkai.portal import pagecache, selectors
from gongkai.portal.pagination import CappedPaginator
from gongkai.sites.middleware import elsewhere
from gongkai.sites.resolve import site_of

Crumbs = list[tuple[str, str | None]]


def _home_crumb() -> tuple[str, str]:
    return ("首页", reverse("portal:home"))


def organ_crumbs(organ: Organ, *, last: bool = True) -> Crumbs:
    crumbs: Crumbs = [_home_crumb(), ("机构目录", reverse("portal:organs"))]
    crumbs += [(o.name, reverse("portal:organ", args=[o.pk])) for o in organ.ancestors()]
    crumbs.append((organ.name, None if last else reverse("portal:organ", args=[organ.pk])))
    return crumbs


def paginate(request: HttpRequest, qs: QuerySet[Item]) -> Page[Item]:
    # get_page never raises: junk → first page, past the end → last page (no 404/500 for readers).
    # The count stops at 10,000 (“超过 10,000 条”): a province's browse is millions of rows.
    return CappedPaginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


def feed_links(kind: str, pk: int) -> dict[str, str]:
    return {
        "rss": reverse(f"portal:{kind}_rss", args=[pk]),
        "atom": reverse(f"portal:{kind}_atom", args=[pk]),
    }


def home(request: HttpRequest) -> HttpResponse:
    # 网站集约化 (gongkai/sites): the site's subtree, home page sections and layout.
    site = site_of(request)
    areas, area_items = selectors.key_area_block(within=site.root_path)
    context: dict[str, Any] = {
        "sections": selectors.home_sections(within=site.root_path, kinds=site.home_kinds),
        "show_key_area": not site.home_kinds or Column.Kind.KEY_AREA in site.home_kinds,
        "areas": areas,
        "area_items": area_items,
        "feeds": {"rss": reverse("portal:site_rss"), "atom": reverse("portal:site_atom")},
        "example_doc_number": example_doc_number(),
        "column_name": "首页",
        "column_type": "首页",
    }
    return render(request, "portal/home.html", context)


def organ_list(request: HttpRequest) -> HttpResponse:
    context = {
        "forest": selectors.organ_forest(within=site_of(request).root_path),
        "crumbs": [_home_crumb(), ("机构目录", None)],
        "column_name": "机构目录",
        "column_type": "信息公开目录",
    }
    return render(request, "portal/organ_list.html", context)


def organ_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pagecache.declare(request, pagecache.organ_tag(pk))
    organ = get_object_or_404(Organ, pk=pk)
    if away := elsewhere(request, organ.path):
        return away
    context = {
        "organ": organ,
        "children": list(organ.children.order_by("sort_order", "pk")),
        "tree": selectors.column_tree(organ),
        "latest": list(organ_items(organ)[:10]),
        "feeds": feed_links("organ", organ.pk),
        "crumbs": organ_crumbs(organ),
        "column_name": f"{organ.name}信息公开目录",
        "column_type": "信息公开目录",
    }
    return render(request, "portal/organ.html", context)


def column(request: HttpRequest, pk: int) -> HttpResponse:
    col = get_object_or_404(
        Column.objects.select_related("organ", "parent__parent"), pk=pk, is_active=True
    )
    # Read before the items: a publication committed after this read is a later bump.
    pagecache.declare(request, pagecache.organ_tag(col.organ_id))
    if away := elsewhere(request, col.organ.path):
        return away
    ancestors = selectors.column_ancestors(col)
    crumbs = organ_crumbs(col.organ, last=False)
    crumbs += [(c.name, c.get_absolute_url()) for c in ancestors] + [(col.name, None)]
    context = {
        "column": col,
        "subcolumns": list(col.children.filter(is_active=True).order_by("sort_order", "id")),
        "page": paginate(request, column_items(col)),
        "feeds": feed_links("column", col.pk),
        "crumbs": crumbs,
        "column_name": col.name,
        "column_type": "信息公开目录",
    }
    return render(request, "portal/column.html", context)


def browse(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    context = {
        "f": filters,
        "page": paginate(request, selectors.browse_items(filters)),
        "organs": selectors.organ_choices(),
        "topic_groups": selectors.topic_groups(),
        "genres": selectors.genres(),
        "years": selectors.publication_years(),
        "kinds": [*selectors.HOME_SECTIONS, (Column.Kind.KEY_AREA, "重点领域信息公开")],
        "validities": selectors.VALIDITY_LABELS,
        "crumbs": [_home_crumb(), ("分类浏览", None)],
        "column_name": "分类浏览",
        "column_type": "信息公开目录",
    }
    return render(request, "portal/browse.html", context)


def guide(request: HttpRequest, pk: int) -> HttpResponse:
    """条例 Art. 12 para 2: the 政府信息公开指南, generated from the organ's own data."""
    pagecache.declare(request, pagecache.organ_tag(pk))
    organ = get_object_or_404(Organ, pk=pk)
    if away := elsewhere(request, organ.path):
        return away
    context = {
        "organ": organ,
        "tree": selectors.column_tree(organ),
        "crumbs": [*organ_crumbs(organ, last=False), ("政府信息公开指南", None)],
        "column_name": "政府信息公开指南",
        "column_type": "政府信息公开指南",
    }
    return render(request, "portal/guide.html", context)
