"""Back office of the lists (/office/inventories/): per organ its 权责清单, 公共服务事项清单 and
负面清单 (drafts, entries, publishing with a change log), its 办事指南 with their missing-element
flags, the 服务不实用 list and the 负面清单 reviews due. Login required in every view; every
write goes through a service, which checks the roles again (a hidden button is never a guard).

A refused write comes back to the page with its Chinese message, nothing written:
`ValidationError` and `InvalidTransition` as messages or form errors, `PermissionDenied` as 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.staff_views import attempt
from gongkai.inventories import diff, forms, rules, selectors
from gongkai.inventories.models import (
    GUIDE_ELEMENTS,
    KIND_FIELDS,
    Entry,
    Inventory,
    InventoryVersion,
    Kind,
    ServiceGuide,
    VersionStatus,
    field_label,
)
from gongkai.inventories.services import guides, reviews, versions
from gongkai.inventories.transitions import KEEPERS, PUBLISHERS
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organs_for, roles_for


def _visible(user: Any, organ: Organ) -> set[str]:
    """The user's roles in `organ`; none → 403 (another organ's lists are not its staff's)."""
    roles = roles_for(user, organ)
    if not roles:
        raise PermissionDenied("您不是该机关的工作人员，不能查看或修改它的清单。")
    return roles


def _kind(slug: str) -> Kind:
    if slug not in Kind.values:
        raise Http404("没有这种清单。")
    return Kind(slug)


def _today() -> Any:
    return timezone.localdate()


# ---- overview -----------------------------------------------------------------------------------


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    organs = organs_for(request.user)
    context = {
        "rows": selectors.staff_overview(request.user),
        "due": selectors.due_reviews(organs, today=_today()),
    }
    return render(request, "inventories/staff/index.html", context)


@never_cache
@login_required
def flagged(request: HttpRequest) -> HttpResponse:
    """服务不实用: the guides of the user's organs that lack an element."""
    rows = selectors.flagged_guides(organs_for(request.user))
    return render(request, "inventories/staff/flagged.html", {"rows": rows})


@never_cache
@login_required
def due_reviews(request: HttpRequest) -> HttpResponse:
    rows = selectors.due_reviews(organs_for(request.user), today=_today())
    return render(request, "inventories/staff/reviews.html", {"rows": rows})


@never_cache
@login_required
def organ_view(request: HttpRequest, pk: int) -> HttpResponse:
    organ = get_object_or_404(Organ, pk=pk)
    roles = _visible(request.user, organ)
    lists = []
    for kind, label in Kind.choices:
        inventory = Inventory.objects.filter(organ=organ, kind=kind).first()
        current = selectors.current_version(inventory) if inventory else None
        draft = selectors.draft_version(inventory) if inventory else None
        lists.append((kind, label, current, draft))
    guide_rows = list(selectors.organ_guides(organ))
    flags = selectors.flags_by_guide(guide_rows)
    context = {
        "organ": organ,
        "lists": lists,
        "guides": [(g, flags[g.pk]) for g in guide_rows],
        "may_keep": bool(roles & KEEPERS),
    }
    return render(request, "inventories/staff/organ.html", context)


# ---- lists and versions -------------------------------------------------------------------------


@never_cache
@login_required
def inventory_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    organ = get_object_or_404(Organ, pk=pk)
    roles = _visible(request.user, organ)
    the_kind = _kind(kind)
    inventory = Inventory.objects.filter(organ=organ, kind=the_kind).first()
    current = selectors.current_version(inventory) if inventory else None
    context = {
        "organ": organ,
        "kind": the_kind,
        "inventory": inventory,
        "current": current,
        "entries": selectors.entries_of(current) if current else [],
        "draft": selectors.draft_version(inventory) if inventory else None,
        "history": selectors.history(inventory) if inventory else [],
        "reviews": selectors.review_rows(inventory, today=_today()) if inventory else [],
        "columns": [field_label(the_kind, f) for f in ("name", *KIND_FIELDS[the_kind])],
        "fields": KIND_FIELDS[the_kind],
        "may_keep": bool(roles & KEEPERS),
    }
    return render(request, "inventories/staff/inventory.html", context)


@require_POST
@login_required
def draft_start(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    organ = get_object_or_404(Organ, pk=pk)
    _visible(request.user, organ)
    the_kind = _kind(kind)
    made: list[InventoryVersion] = []
    if attempt(
        request,
        lambda: made.append(versions.draft_start(actor=request.user, organ=organ, kind=the_kind)),
        "已建立草稿，请修改后发布。",
    ):
        return redirect("office_inventories:version", made[0].pk)
    return redirect("office_inventories:inventory", organ.pk, the_kind)


def _version(request: HttpRequest, pk: int) -> tuple[InventoryVersion, set[str]]:
    version = get_object_or_404(InventoryVersion.objects.select_related("inventory__organ"), pk=pk)
    return version, _visible(request.user, version.inventory.organ)


@never_cache
@login_required
def version_view(request: HttpRequest, pk: int) -> HttpResponse:
    version, roles = _version(request, pk)
    kind = version.inventory.kind
    changes = selectors.changes_of(version)
    context = {
        "version": version,
        "inventory": version.inventory,
        "organ": version.inventory.organ,
        "entries": selectors.entries_of(version),
        "fields": KIND_FIELDS[kind],
        "columns": [field_label(kind, f) for f in ("name", *KIND_FIELDS[kind])],
        "changes": [(c, selectors.change_field_labels(kind, c)) for c in changes],
        "is_draft": version.status == VersionStatus.DRAFT,
        "editing": version.status == VersionStatus.DRAFT and bool(roles & KEEPERS),
        "may_keep": bool(roles & KEEPERS),
        "may_publish": bool(roles & PUBLISHERS),
        "publish_form": forms.PublishForm(),
        "labels": diff.LABELS,
    }
    return render(request, "inventories/staff/version.html", context)


def _keeper(roles: set[str]) -> None:
    if not roles & KEEPERS:
        raise PermissionDenied("只有本机关的采编人员或公开办管理员可以编辑清单和办事指南。")


def _entry_page(
    request: HttpRequest, version: InventoryVersion, entry: Entry | None
) -> HttpResponse:
    inventory = version.inventory
    initial = forms.EntryForm.initial_of(entry) if entry else None
    form = forms.EntryForm(
        request.POST or None, initial=initial, kind=inventory.kind, organ_id=inventory.organ_id
    )
    saved = (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: versions.entry_save(
                actor=request.user, version=version, fields=form.to_fields(), entry=entry
            ),
            "已保存事项。",
            form=form,
        )
    )
    if saved:
        return redirect("office_inventories:version", version.pk)
    context = {
        "version": version,
        "organ": inventory.organ,
        "form": form,
        "entry": entry,
        "clauses": rules.withholding_clauses() if inventory.kind == Kind.NEGATIVE else (),
    }
    return render(request, "inventories/staff/entry.html", context)


@never_cache
@login_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    version, roles = _version(request, pk)
    _keeper(roles)
    return _entry_page(request, version, None)


def _entry(request: HttpRequest, pk: int) -> tuple[Entry, set[str]]:
    entry = get_object_or_404(Entry.objects.select_related("version__inventory__organ"), pk=pk)
    return entry, _visible(request.user, entry.version.inventory.organ)


@never_cache
@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry, roles = _entry(request, pk)
    _keeper(roles)
    return _entry_page(request, entry.version, entry)


@require_POST
@login_required
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry, _roles = _entry(request, pk)
    attempt(
        request,
        lambda: versions.entry_remove(actor=request.user, entry=entry),
        f"已删除事项“{entry.name}”。",
    )
    return redirect("office_inventories:version", entry.version_id)


@require_POST
@login_required
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version, _roles = _version(request, pk)
    form = forms.PublishForm(request.POST)
    form.is_valid()
    if attempt(
        request,
        lambda: versions.version_publish(
            actor=request.user, version=version, change_log=form.cleaned_data.get("change_log", "")
        ),
        f"已发布第{version.number}版。",
    ):
        inventory = version.inventory
        return redirect("office_inventories:inventory", inventory.organ_id, inventory.kind)
    return redirect("office_inventories:version", version.pk)


@require_POST
@login_required
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version, _roles = _version(request, pk)
    inventory = version.inventory
    if attempt(
        request,
        lambda: versions.draft_discard(actor=request.user, version=version),
        "已删除草稿。",
    ):
        return redirect("office_inventories:inventory", inventory.organ_id, inventory.kind)
    return redirect("office_inventories:version", version.pk)


# ---- 办事指南 ---------------------------------------------------------------------------------


def _guide_page(request: HttpRequest, organ: Organ, guide: ServiceGuide | None) -> HttpResponse:
    initial = forms.GuideForm.initial_of(guide) if guide else None
    form = forms.GuideForm(request.POST or None, initial=initial)
    saved: list[ServiceGuide] = []
    done = (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: saved.append(
                guides.guide_save(
                    actor=request.user,
                    organ=organ,
                    fields=form.to_fields(),
                    guide=guide,
                    note=form.cleaned_data.get("note", ""),
                )
            ),
            "已保存办事指南。",
            form=form,
        )
    )
    if done:
        return redirect("office_inventories:guide", saved[0].pk)
    missing = rules.guide_missing_elements(guide.elements()) if guide else []
    context = {
        "organ": organ,
        "guide": guide,
        "form": form,
        "missing": missing,
        "elements": GUIDE_ELEMENTS,
        "revisions": list(guide.revisions.all()) if guide else [],
    }
    return render(request, "inventories/staff/guide.html", context)


@never_cache
@login_required
def guide_new(request: HttpRequest, pk: int) -> HttpResponse:
    organ = get_object_or_404(Organ, pk=pk)
    _keeper(_visible(request.user, organ))
    return _guide_page(request, organ, None)


@never_cache
@login_required
def guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A guide with its flag and its form (the service refuses a write without the role)."""
    guide = get_object_or_404(ServiceGuide.objects.select_related("organ"), pk=pk)
    _visible(request.user, guide.organ)
    return _guide_page(request, guide.organ, guide)


# ---- 负面清单复核 -------------------------------------------------------------------------


@never_cache
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """复核 of an entry of the current 负面清单 (by the entry's row; reviews keep its key)."""
    entry, roles = _entry(request, pk)
    _keeper(roles)
    inventory = entry.version.inventory
    if inventory.kind != Kind.NEGATIVE or entry.version.status != VersionStatus.PUBLISHED:
        raise Http404("现行负面清单中没有该事项。")
    rows = {r.entry.key: r for r in selectors.review_rows(inventory, today=_today())}
    row = rows[entry.key]
    form = forms.ReviewForm(request.POST or None, initial={"reviewed_on": _today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: reviews.review_record(
                actor=request.user,
                inventory=inventory,
                entry_key=entry.key,
                conclusion=data["conclusion"],
                note=data["note"],
                reviewed_on=data["reviewed_on"],
                next_review_on=data.get("next_review_on"),
            ),
            f"已记录对“{entry.name}”的复核。",
            form=form,
        ):
            return redirect("office_inventories:inventory", inventory.organ_id, Kind.NEGATIVE)
    history = [r for r in inventory.reviews.all() if r.entry_key == entry.key]
    context = {"inventory": inventory, "row": row, "form": form, "history": history}
    return render(request, "inventories/staff/review.html", context)
