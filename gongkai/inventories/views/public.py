"""Public pages of the lists (/inventories/): per organ its current 权责清单, 公共服务事项清单 and
政务公开负面清单 (with review dates), every earlier version with its change log and change
list, and its 办事指南. Only published versions are shown; drafts never leave the office."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from gongkai.inventories import rules, selectors
from gongkai.inventories.models import (
    GUIDE_ELEMENTS,
    KIND_FIELDS,
    InventoryVersion,
    Kind,
    ServiceGuide,
    field_label,
)
from gongkai.orgs.models import Organ


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    return [("首页", reverse("portal:home")), ("清单", reverse("inventories:index")), *rows]


def _kind(slug: str) -> Kind:
    if slug not in Kind.values:
        raise Http404("没有这种清单。")
    return Kind(slug)


def index(request: HttpRequest) -> HttpResponse:
    organs = list(selectors.public_organs())
    return render(
        request,
        "inventories/public/index.html",
        {"organs": organs, "crumbs": _crumbs(), "kinds": Kind.choices},
    )


def organ(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Organ, pk=pk)
    lists = []
    for kind, label in Kind.choices:
        inventory = selectors.public_inventory(found, kind)
        current = selectors.current_version(inventory) if inventory else None
        lists.append((kind, label, current))
    context = {
        "organ": found,
        "lists": lists,
        "guide_count": selectors.organ_guides(found).count(),
        "crumbs": _crumbs((found.name, "")),
    }
    return render(request, "inventories/public/organ.html", context)


def _version_context(
    found: Organ, kind: Kind, version: InventoryVersion, *, current: bool
) -> dict[str, object]:
    inventory = version.inventory
    entries = selectors.entries_of(version)
    fields = KIND_FIELDS[kind]
    reviews = {}
    if kind == Kind.NEGATIVE and current:
        # The current list shows each entry's latest review and the next date it set, in
        # place of the date the version was published with.
        rows = selectors.review_rows(inventory, today=timezone.localdate())
        reviews = {r.entry.key: r for r in rows}
        fields = tuple(f for f in fields if f != "next_review_on")
    return {
        "organ": found,
        "kind": kind,
        "version": version,
        "current": current,
        "entries": [(e, reviews.get(e.key)) for e in entries],
        "fields": fields,
        "columns": [field_label(kind, f) for f in ("name", *fields)],
        "changes": [
            (c, selectors.change_field_labels(kind, c)) for c in selectors.changes_of(version)
        ],
    }


def inventory(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    found = get_object_or_404(Organ, pk=pk)
    the_kind = _kind(kind)
    inv = selectors.public_inventory(found, the_kind)
    version = selectors.current_version(inv) if inv else None
    if version is None:
        raise Http404("该机关尚未发布这份清单。")
    context = _version_context(found, the_kind, version, current=True)
    organ_url = reverse("inventories:organ", args=[found.pk])
    context["crumbs"] = _crumbs((found.name, organ_url), (the_kind.label, ""))
    return render(request, "inventories/public/inventory.html", context)


def version(request: HttpRequest, pk: int, kind: str, number: int) -> HttpResponse:
    found = get_object_or_404(Organ, pk=pk)
    the_kind = _kind(kind)
    inv = selectors.public_inventory(found, the_kind)
    if inv is None:
        raise Http404("该机关尚未发布这份清单。")
    chosen = get_object_or_404(
        inv.versions.filter(status__in=selectors.PUBLIC_STATES), number=number
    )
    context = _version_context(found, the_kind, chosen, current=False)
    organ_url = reverse("inventories:organ", args=[found.pk])
    list_url = reverse("inventories:inventory", args=[found.pk, the_kind])
    context["crumbs"] = _crumbs(
        (found.name, organ_url), (the_kind.label, list_url), (f"第{number}版", "")
    )
    return render(request, "inventories/public/inventory.html", context)


def history(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    found = get_object_or_404(Organ, pk=pk)
    the_kind = _kind(kind)
    inv = selectors.public_inventory(found, the_kind)
    rows = selectors.history(inv) if inv else []
    if not rows:
        raise Http404("该机关尚未发布这份清单。")
    organ_url = reverse("inventories:organ", args=[found.pk])
    list_url = reverse("inventories:inventory", args=[found.pk, the_kind])
    context = {
        "organ": found,
        "kind": the_kind,
        "rows": [
            (row.version, [(c, selectors.change_field_labels(the_kind, c)) for c in row.changes])
            for row in rows
        ],
        "crumbs": _crumbs((found.name, organ_url), (the_kind.label, list_url), ("版本历史", "")),
    }
    return render(request, "inventories/public/history.html", context)


def guides(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Organ, pk=pk)
    organ_url = reverse("inventories:organ", args=[found.pk])
    context = {
        "organ": found,
        "guides": list(selectors.organ_guides(found)),
        "crumbs": _crumbs((found.name, organ_url), ("办事指南", "")),
    }
    return render(request, "inventories/public/guides.html", context)


def guide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ServiceGuide.objects.select_related("organ"), pk=pk)
    organ_url = reverse("inventories:organ", args=[found.organ_id])
    guides_url = reverse("inventories:guides", args=[found.organ_id])
    context = {
        "guide": found,
        "elements": [(label, getattr(found, name)) for name, label in GUIDE_ELEMENTS],
        "missing": rules.guide_missing_elements(found.elements()),
        "revisions": list(found.revisions.all()),
        "crumbs": _crumbs(
            (found.organ.name, organ_url), ("办事指南", guides_url), (found.title, "")
        ),
    }
    return render(request, "inventories/public/guide.html", context)
