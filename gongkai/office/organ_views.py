"""公开办管理员 pages: the 公开指南 contact data and the catalog columns of organs they administer.

A 公开办管理员 covers their organ and every organ below it (`roles_for`); anyone else gets 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.catalog.forms import ColumnAddForm, ColumnRenameForm, OrganGuideForm
from gongkai.catalog.models import Column
from gongkai.catalog.services import columns as column_services
from gongkai.orgs.models import GUIDE_FIELDS, Organ, Role
from gongkai.orgs.permissions import organs_with_role, require_roles
from gongkai.orgs.services import organ_guide_update


def _admin_organ(request: HttpRequest, pk: int) -> Organ:
    organ = get_object_or_404(Organ, pk=pk)
    require_roles(request.user, organ, {Role.ORGAN_ADMIN}, message="您不是该机关的公开办管理员。")
    return organ


@login_required
def organ_list(request: HttpRequest) -> HttpResponse:
    organs = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not organs:
        raise PermissionDenied("只有公开办管理员可以管理机关的公开指南和目录栏目。")
    return render(request, "office/organ_list.html", {"organs": organs})


@login_required
def organ_guide(request: HttpRequest, pk: int) -> HttpResponse:
    organ = _admin_organ(request, pk)
    if request.method == "POST":
        form = OrganGuideForm(request.POST, instance=Organ.objects.get(pk=organ.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in GUIDE_FIELDS}
            try:
                organ_guide_update(actor=request.user, organ=organ, **fields)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "公开指南信息已保存。")
                return redirect("office:organ_guide", pk=organ.pk)
    else:
        form = OrganGuideForm(instance=organ)
    return render(request, "office/organ_guide.html", {"organ": organ, "form": form})


def _column_rows(organ: Organ) -> list[dict[str, Any]]:
    """Columns in tree order with their depth and whether they may be moved up/down."""
    columns = list(Column.objects.filter(organ=organ).order_by("sort_order", "id"))
    children: dict[int | None, list[Column]] = {}
    for c in columns:
        children.setdefault(c.parent_id, []).append(c)
    rows: list[dict[str, Any]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = children.get(parent_id, [])
        for i, c in enumerate(siblings):
            rows.append(
                {
                    "column": c,
                    "depth": depth,
                    "first": i == 0,
                    "last": i == len(siblings) - 1,
                    "protected": column_services.is_protected_column(c),
                    "rename_form": ColumnRenameForm(prefix=f"c{c.pk}", initial={"name": c.name}),
                }
            )
            walk(c.pk, depth + 1)

    walk(None, 0)
    return rows


@login_required
def organ_columns(request: HttpRequest, pk: int) -> HttpResponse:
    organ = _admin_organ(request, pk)
    add_form = ColumnAddForm(organ=organ)
    if request.method == "POST":
        add_form = ColumnAddForm(request.POST, organ=organ)
        if add_form.is_valid():
            parent = Column.objects.filter(organ=organ, pk=add_form.cleaned_data["parent"]).first()
            if parent is None:
                add_form.add_error("parent", "请选择本机关的栏目作为上级栏目。")
            else:
                try:
                    column = column_services.column_add(
                        actor=request.user,
                        parent=parent,
                        name=add_form.cleaned_data["name"],
                        code=add_form.cleaned_data["code"],
                    )
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        add_form.add_error(field if field in add_form.fields else None, errors)
                else:
                    messages.success(request, f"已在“{parent.name}”下新增栏目“{column.name}”。")
                    return redirect("office:organ_columns", pk=organ.pk)
    context = {"organ": organ, "rows": _column_rows(organ), "add_form": add_form}
    return render(request, "office/organ_columns.html", context)


@login_required
@require_POST
def column_change(request: HttpRequest, pk: int, column_pk: int) -> HttpResponse:
    """Rename, move up/down, enable or disable one column (the button pressed says which)."""
    organ = _admin_organ(request, pk)
    column = get_object_or_404(Column, pk=column_pk, organ=organ)
    op = request.POST.get("op", "")
    try:
        if op == "rename":
            form = ColumnRenameForm(request.POST, prefix=f"c{column.pk}")
            if not form.is_valid():
                raise ValidationError(list(form.errors["name"]))
            name = form.cleaned_data["name"]
            column_services.column_rename(actor=request.user, column=column, name=name)
            messages.success(request, f"栏目已改名为“{column.name}”。")
        elif op in {"up", "down"}:
            column_services.column_move(actor=request.user, column=column, up=op == "up")
            messages.success(request, f"已{'上移' if op == 'up' else '下移'}“{column.name}”。")
        elif op in {"enable", "disable"}:
            column_services.column_set_active(
                actor=request.user, column=column, active=op == "enable"
            )
            messages.success(request, f"已{'启用' if op == 'enable' else '停用'}“{column.name}”。")
        else:
            messages.error(request, "未知的操作。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(reverse("office:organ_columns", args=[organ.pk]) + f"#col-{column.pk}")
