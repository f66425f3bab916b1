"""Back-office pages for drafting: create and edit drafts, upload and remove attachments.

Routed by `gongkai.catalog.urls_staff` (mounted under /office/items/). Reading goes through
`items_visible_to` (via `gongkai.catalog.views.access.item_for_user`), writing through
`gongkai.catalog.services.items`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.catalog.forms import ItemForm
from gongkai.catalog.models import Attachment, Item, Status
from gongkai.catalog.services.items import (
    ItemFields,
    SaveResult,
    attachment_add,
    attachment_remove,
    item_create,
    item_update,
)
from gongkai.catalog.views.access import item_for_user
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import organs_with_role


class _Rollback(Exception):
    """Raised inside the save transaction so that a refused upload saves nothing."""


def _add_service_errors(form: ItemForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _discard_files(attachments: list[Attachment]) -> None:
    """Delete files written for attachments whose rows were rolled back."""
    for att in attachments:
        name = att.file.name
        if name and not Attachment.objects.filter(file=name).exists():
            att.file.storage.delete(name)


def _save(request: HttpRequest, form: ItemForm, item: Item | None) -> SaveResult | None:
    """Save the draft and its new attachments in one transaction, or nothing at all.

    Returns None (with errors on the form) when the service refuses the data or any upload; the
    form keeps every value typed, only the file inputs have to be chosen again.
    """
    fields = form.item_fields()
    uploads = form.cleaned_data.get("attachments") or []
    added: list[Attachment] = []
    upload_errors: list[str] = []
    try:
        with transaction.atomic():
            if item is None:
                column = fields.pop("column")
                organ = form.cleaned_data["organ"]
                result = item_create(
                    actor=request.user, organ=organ, column=column, fields=ItemFields(**fields)
                )
            else:
                result = item_update(actor=request.user, item=item, fields=ItemFields(**fields))
            for upload in uploads:
                try:
                    added.append(
                        attachment_add(
                            actor=request.user,
                            item=result.item,
                            name=upload.name,
                            data=upload,  # checked by its size, never read whole
                        )
                    )
                except ValidationError as exc:
                    upload_errors.extend(exc.messages)
            if upload_errors:
                raise _Rollback
    except _Rollback:
        _discard_files(added)
        form.add_error("attachments", [*upload_errors, "本次填写的内容尚未保存，请重新选择文件。"])
        return None
    except ValidationError as exc:
        _discard_files(added)
        _add_service_errors(form, exc)
        return None
    return result


def _report_saved(request: HttpRequest, result: SaveResult, typed_number: str) -> None:
    item = result.item
    text = "草稿已保存。"
    if item.doc_number and item.doc_number != typed_number.strip():
        text += f"文号已规范为：{item.doc_number}。"
    messages.success(request, text)
    for warning in result.warnings:
        messages.warning(request, warning)


@login_required
def item_create_view(request: HttpRequest) -> HttpResponse:
    organs = organs_with_role(request.user, Role.EDITOR)
    if not organs:
        raise PermissionDenied("您没有任何机关的采编岗位，不能新建信息。")
    if request.method == "POST":
        form = ItemForm(request.POST, request.FILES, organs=organs, viewer=request.user)
        if form.is_valid():
            result = _save(request, form, None)
            if result is not None:
                _report_saved(request, result, request.POST.get("doc_number", ""))
                return redirect("office:item", pk=result.item.pk)
    else:
        form = ItemForm(
            organs=organs, viewer=request.user, initial={"organ": request.GET.get("organ")}
        )
    return render(request, "office/item_form.html", {"form": form, "item": None})


@login_required
def item_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item, roles = item_for_user(request.user, pk)
    if Role.EDITOR not in roles:
        raise PermissionDenied("您在该机关没有采编岗位，不能修改信息。")
    if item.status != Status.DRAFT:
        messages.warning(
            request, f"该信息当前状态为“{item.get_status_display()}”，只有草稿可以修改。"
        )
        return redirect("office:item", pk=item.pk)
    if request.method == "POST":
        form = ItemForm(
            request.POST, request.FILES, organs=[item.organ], item=item, viewer=request.user
        )
        if form.is_valid():
            result = _save(request, form, item)
            if result is not None:
                _report_saved(request, result, request.POST.get("doc_number", ""))
                return redirect("office:item", pk=item.pk)
    else:
        form = ItemForm(organs=[item.organ], item=item, viewer=request.user, initial=_initial(item))
    context: dict[str, Any] = {
        "form": form,
        "item": item,
        "attachments": item.attachments.all(),
    }
    return render(request, "office/item_form.html", context)


def _initial(item: Item) -> dict[str, Any]:
    names = [name for name in ItemForm.base_fields if name not in {"organ", "attachments"}]
    initial = {name: getattr(item, name) for name in names}
    initial["column"] = item.column_id
    initial["topic"] = item.topic_id
    initial["genre"] = item.genre_id
    initial["interprets"] = item.interprets_id
    return initial


@login_required
@require_POST
def attachment_remove_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item, _roles = item_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    name = attachment.original_name
    try:
        attachment_remove(actor=request.user, attachment=attachment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已删除附件“{name}”。")
    target = request.POST.get("next", "")
    if target == "edit" and item.status == Status.DRAFT:
        return redirect("office:item_edit", pk=item.pk)
    return redirect("office:item", pk=item.pk)


@login_required
def attachment_download_view(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Reviewers read attachments of unpublished items here (保密审查 needs the file itself)."""
    item, _roles = item_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
