"""Catalog columns: the standard template applied to each new organ, and the 公开办管理员's
edits (add, rename, move, enable/disable), each checked, in one transaction, audited."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gongkai.catalog.audit import CatalogAudit
from gongkai.catalog.models import Column
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles

_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "column_template.yaml"


@lru_cache(maxsize=1)
def column_template() -> list[dict[str, Any]]:
    with _TEMPLATE.open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh))


def _applies(entry: dict[str, Any], organ: Organ) -> bool:
    rule = entry.get("applies", "all")
    if rule == "art21_city_county":
        return organ.level in {Organ.Level.CITY, Organ.Level.COUNTY}
    if rule == "art21_township":
        return organ.level == Organ.Level.TOWNSHIP
    return True


def columns_create_default(*, organ: Organ) -> list[Column]:
    """Create the template columns an organ lacks (idempotent: existing codes are kept)."""
    existing = set(Column.objects.filter(organ=organ).values_list("code", flat=True))
    created: list[Column] = []

    def make(entry: dict[str, Any], parent: Column | None, order: int) -> None:
        if not _applies(entry, organ):
            return
        if entry["code"] in existing:
            col = Column.objects.get(organ=organ, code=entry["code"])
        else:
            col = Column.objects.create(
                organ=organ,
                parent=parent,
                name=entry["name"],
                code=entry["code"],
                kind=entry.get("kind", parent.kind if parent else Column.Kind.GENERAL),
                article=entry.get("article", ""),
                sort_order=order,
            )
            created.append(col)
        for i, child in enumerate(entry.get("children", []), start=1):
            make(child, col, i * 10)

    for i, entry in enumerate(column_template(), start=1):
        make(entry, None, i * 10)
    return created


def _require_admin(actor: Actor, organ: Organ) -> None:
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message="您不是该机关的公开办管理员。")


def is_protected_column(column: Column) -> bool:
    """Columns the 条例 requires: 公开指南 (Art. 12), 年报 (Art. 49) and Art. 20 content."""
    if column.kind in {Column.Kind.GUIDE, Column.Kind.ANNUAL_REPORT}:
        return True
    return column.article.startswith("20.") or (
        column.kind == Column.Kind.STATUTORY and column.parent_id is None
    )


def _unique_code(organ: Organ, base: str) -> str:
    existing = set(Column.objects.filter(organ=organ).values_list("code", flat=True))
    n = 1
    while f"{base}-{n}" in existing:
        n += 1
    return f"{base}-{n}"[:40]


@transaction.atomic
def column_add(*, actor: Actor, parent: Column, name: str, code: str = "") -> Column:
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
        action=CatalogAudit.COLUMN_ADD,
        obj=column,
        organ_id=organ.pk,
        data={"name": name, "parent": parent.pk, "code": code},
    )
    return column


@transaction.atomic
def column_rename(*, actor: Actor, column: Column, name: str) -> Column:
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
        action=CatalogAudit.COLUMN_RENAME,
        obj=column,
        organ_id=column.organ_id,
        data={"from": before, "to": name},
    )
    return column


@transaction.atomic
def column_move(*, actor: Actor, column: Column, up: bool) -> Column:
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
        action=CatalogAudit.COLUMN_MOVE,
        obj=column,
        organ_id=column.organ_id,
        data={"direction": "up" if up else "down", "position": other + 1},
    )
    column.refresh_from_db()
    return column


@transaction.atomic
def column_set_active(*, actor: Actor, column: Column, active: bool) -> Column:
    _require_admin(actor, column.organ)
    if not active and is_protected_column(column):
        raise ValidationError(f"“{column.name}”是《条例》要求设置的栏目，不能停用。")
    column.is_active = active
    column.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=CatalogAudit.COLUMN_ENABLE if active else CatalogAudit.COLUMN_DISABLE,
        obj=column,
        organ_id=column.organ_id,
    )
    return column
