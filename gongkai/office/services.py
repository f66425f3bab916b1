"""Writes made by 公开办管理员: the organ's 公开指南 contact data and its catalog columns.

Each function checks the role, writes in one transaction and records an audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.catalog.models import Column
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import has_role

#: Art. 12 para 2: the 公开指南 names the GIO working body, its address, hours, phone, fax,
#: e-mail and web contact, and is updated when they change.
GUIDE_FIELDS = (
    "gio_name",
    "gio_address",
    "gio_postcode",
    "gio_hours",
    "gio_phone",
    "gio_fax",
    "gio_email",
    "gio_website",
    "guide_notes",
    "guide_updated_at",
)


def _require_admin(actor: Any, organ: Organ) -> None:
    if not has_role(actor, organ, Role.ORGAN_ADMIN):
        raise PermissionDenied("您不是该机关的公开办管理员。")


def is_protected_column(column: Column) -> bool:
    """Columns the 条例 requires: 公开指南 (Art. 12), 年报 (Art. 49) and Art. 20 content."""
    if column.kind in {Column.Kind.GUIDE, Column.Kind.ANNUAL_REPORT}:
        return True
    return column.article.startswith("20.") or (
        column.kind == Column.Kind.STATUTORY and column.parent_id is None
    )


@transaction.atomic
def organ_guide_update(*, actor: Any, organ: Organ, **fields: Any) -> Organ:
    _require_admin(actor, organ)
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields: {sorted(unknown)}")
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    changed = sorted(k for k, v in fields.items() if getattr(organ, k) != v)
    for name, value in fields.items():
        setattr(organ, name, value)
    if fields.get("guide_updated_at") is None:
        organ.guide_updated_at = timezone.localdate()
    organ.full_clean()
    organ.save(update_fields=[*GUIDE_FIELDS])
    audit_record(
        actor=actor, action="organ.guide", obj=organ, organ_id=organ.pk, data={"changed": changed}
    )
    return organ


def _unique_code(organ: Organ, base: str) -> str:
    existing = set(Column.objects.filter(organ=organ).values_list("code", flat=True))
    n = 1
    while f"{base}-{n}" in existing:
        n += 1
    return f"{base}-{n}"[:40]


@transaction.atomic
def column_add(*, actor: Any, parent: Column, name: str, code: str = "") -> Column:
    """Add a sub-column; it inherits the kind and 条款 of its parent (for the annual report)."""
    organ = parent.organ
    _require_admin(actor, organ)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写栏目名称。"})
    code = code.strip() or _unique_code(organ, parent.code)
    if Column.objects.filter(organ=organ, code=code).exists():
        raise ValidationError({"code": f"栏目代码“{code}”已被使用。"})
    last = Column.objects.filter(parent=parent).aggregate(m=Max("sort_order"))["m"] or 0
    column = Column(
        organ=organ,
        parent=parent,
        name=name,
        code=code,
        kind=parent.kind,
        article=parent.article,
        sort_order=last + 10,
    )
    column.full_clean()
    column.save()
    audit_record(
        actor=actor,
        action="column.add",
        obj=column,
        organ_id=organ.pk,
        data={"name": name, "parent": parent.pk, "code": code},
    )
    return column


@transaction.atomic
def column_rename(*, actor: Any, column: Column, name: str) -> Column:
    _require_admin(actor, column.organ)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写栏目名称。"})
    if len(name) > 60:
        raise ValidationError({"name": "栏目名称不能超过60个字。"})
    before = column.name
    column.name = name
    column.save(update_fields=["name"])
    audit_record(
        actor=actor,
        action="column.rename",
        obj=column,
        organ_id=column.organ_id,
        data={"from": before, "to": name},
    )
    return column


@transaction.atomic
def column_move(*, actor: Any, column: Column, up: bool) -> Column:
    """Swap the column with its previous (up) or next sibling; renumbers siblings by tens."""
    _require_admin(actor, column.organ)
    siblings = list(
        Column.objects.select_for_update()
        .filter(organ_id=column.organ_id, parent_id=column.parent_id)
        .order_by("sort_order", "id")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == column.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return column
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.sort_order != position * 10:
            sibling.sort_order = position * 10
            sibling.save(update_fields=["sort_order"])
    audit_record(
        actor=actor,
        action="column.move",
        obj=column,
        organ_id=column.organ_id,
        data={"direction": "up" if up else "down", "position": other + 1},
    )
    column.refresh_from_db()
    return column


@transaction.atomic
def column_set_active(*, actor: Any, column: Column, active: bool) -> Column:
    _require_admin(actor, column.organ)
    if not active and is_protected_column(column):
        raise ValidationError(f"“{column.name}”是《条例》要求设置的栏目，不能停用。")
    column.is_active = active
    column.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="column.enable" if active else "column.disable",
        obj=column,
        organ_id=column.organ_id,
    )
    return column
