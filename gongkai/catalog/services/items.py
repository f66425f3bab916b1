"""Drafting: create and edit items, attach files. Status changes live in `workflow`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.catalog.files import check_upload, extract_text
from gongkai.catalog.models import (
    BASES_FOR_ATTRIBUTE,
    Attachment,
    Attribute,
    Column,
    Item,
    ItemKind,
    Status,
)
from gongkai.catalog.sanitize import sanitize_body
from gongkai.core.audit import audit_record
from gongkai.core.text import parse_doc_number
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import has_role

EDITABLE_FIELDS = {
    "column",
    "kind",
    "interprets",
    "title",
    "doc_number",
    "written_on",
    "formed_on",
    "topic",
    "genre",
    "keywords",
    "summary",
    "body",
    "validity",
    "effective_on",
    "validity_changed_on",
    "validity_note",
    "attribute",
    "attribute_reason",
    "attribute_basis",
    "review_on",
}


@dataclass
class SaveResult:
    item: Item
    warnings: list[str] = field(default_factory=list)


def _apply_fields(item: Item, fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown item fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value)
    item.title = (item.title or "").strip()
    item.body = sanitize_body(item.body)
    parsed = parse_doc_number(item.doc_number)
    if parsed:
        item.doc_number = str(parsed)
        item.doc_agency, item.doc_year, item.doc_serial = parsed.agency, parsed.year, parsed.serial
    else:
        item.doc_number = (item.doc_number or "").strip()
        item.doc_agency, item.doc_year, item.doc_serial = "", None, None
    if item.attribute == Attribute.WITHHELD and item.review_on is None and item.formed_on:
        # Art. 18: withheld information is reviewed periodically; default to one year on.
        item.review_on = item.formed_on + timedelta(days=365)


def _check_basic(item: Item) -> None:
    errors: dict[str, str] = {}
    if not item.title:
        errors["title"] = "请填写标题。"
    if item.column_id and item.column.organ_id != item.organ_id:
        errors["column"] = "所选栏目不属于本机关的公开目录。"
    if item.attribute == Attribute.REDACTED and not settings.GONGKAI["ENABLE_REDACTED_ATTRIBUTE"]:
        errors["attribute"] = "本平台未启用“删减后公开”属性。"
    if item.doc_number and item.doc_year is None:
        errors["doc_number"] = "文号格式应为“机关代字〔年份〕序号号”，例如：某政办发〔2024〕12号。"
    if errors:
        raise ValidationError(errors)


def _duplicate_doc_number_warning(item: Item) -> list[str]:
    if not item.doc_number:
        return []
    clash = (
        Item.objects.filter(organ_id=item.organ_id, doc_number=item.doc_number)
        .exclude(pk=item.pk)
        .first()
    )
    if clash is None:
        return []
    return [
        f"本机关已有文号相同的信息：《{clash.title}》（{clash.get_status_display()}），请核对文号。"
    ]


def _require_editor(actor: Any, organ: Organ) -> None:
    if not has_role(actor, organ, Role.EDITOR):
        raise PermissionDenied("您没有在该机关采编信息的权限。")


@transaction.atomic
def item_create(*, actor: Any, organ: Organ, column: Column, **fields: Any) -> SaveResult:
    _require_editor(actor, organ)
    item = Item(organ=organ, column=column, created_by=actor, status=Status.DRAFT)
    _apply_fields(item, fields)
    _check_basic(item)
    item.save()
    audit_record(
        actor=actor, action="item.create", obj=item, organ_id=organ.pk, to_state=item.status
    )
    return SaveResult(item, _duplicate_doc_number_warning(item))


@transaction.atomic
def item_update(*, actor: Any, item: Item, **fields: Any) -> SaveResult:
    """Edit a draft. Published items only change through validity updates or withdrawal."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以修改；已送审的信息请先退回。")
    before = {name: str(getattr(item, name)) for name in fields}
    _apply_fields(item, fields)
    _check_basic(item)
    item.save()
    changed = {k: v for k, v in before.items() if str(getattr(item, k)) != v}
    audit_record(
        actor=actor,
        action="item.update",
        obj=item,
        organ_id=item.organ_id,
        data={"changed": sorted(changed)},
    )
    return SaveResult(item, _duplicate_doc_number_warning(item))


def readiness_problems(item: Item) -> list[str]:
    """Why a draft cannot go forward (退文 reasons); empty when it may be submitted."""
    problems = []
    if not item.title:
        problems.append("缺少标题。")
    if not item.formed_on:
        problems.append("缺少形成/变更日期（第二十六条据此计算公开时限）。")
    if not item.body.strip() and not item.attachments.exists():
        problems.append("正文和附件不能都为空。")
    if item.attribute != Attribute.PROACTIVE:
        if not item.attribute_reason.strip():
            problems.append(f"公开属性为“{item.get_attribute_display()}”，必须说明理由。")
        allowed = BASES_FOR_ATTRIBUTE.get(item.attribute, set())
        if not item.attribute_basis:
            problems.append(f"公开属性为“{item.get_attribute_display()}”，必须选择法律依据。")
        elif item.attribute_basis not in allowed:
            problems.append(
                f"所选法律依据“{item.get_attribute_basis_display()}”不适用于"
                f"“{item.get_attribute_display()}”。"
            )
    if item.kind == ItemKind.INTERPRETATION and item.interprets_id is None:
        problems.append("政策解读必须关联所解读的政策文件。")
    return problems


@transaction.atomic
def attachment_add(*, actor: Any, item: Item, name: str, data: bytes) -> Attachment:
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以添加附件。")
    max_bytes = settings.GONGKAI_MAX_UPLOAD_MB * 1024 * 1024
    kind = check_upload(name, data, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        item=item,
        original_name=name[:255],
        file_kind=kind,
        size=len(data),
        sha256=digest,
        extracted_text=extract_text(kind, data),
        uploaded_by=actor,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="attachment.add",
        obj=item,
        organ_id=item.organ_id,
        data={"name": attachment.original_name, "sha256": digest, "size": len(data)},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    item = attachment.item
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以删除附件。")
    name = attachment.original_name
    attachment.delete()
    audit_record(
        actor=actor,
        action="attachment.remove",
        obj=item,
        organ_id=item.organ_id,
        data={"name": name},
    )
