"""Drafting: create and edit items, attach files. Status changes live in `workflow`."""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from gongkai.catalog.audit import CatalogAudit
from gongkai.catalog.files import as_file, check_upload, extract_text, safe_name, sha256_of
from gongkai.catalog.models import (
    BASES_FOR_ATTRIBUTE,
    Attachment,
    Attribute,
    Column,
    Genre,
    Item,
    ItemKind,
    Status,
    Topic,
)
from gongkai.catalog.sanitize import sanitize_body
from gongkai.catalog.transitions import ITEM_MACHINE, Event
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.core.text import parse_doc_number
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles


class _Unset(Enum):
    """Marks a field the caller leaves as it is (an edit names only what it changes)."""

    UNSET = "unset"


UNSET = _Unset.UNSET


@dataclass(frozen=True, kw_only=True)
class ItemFields:
    """The fields a 采编 may set on a draft, typed. Unset fields are left as they are."""

    column: Column | _Unset = UNSET
    kind: str | _Unset = UNSET
    interprets: Item | _Unset | None = UNSET
    title: str | _Unset = UNSET
    doc_number: str | _Unset = UNSET
    written_on: date | _Unset | None = UNSET
    formed_on: date | _Unset | None = UNSET
    topic: Topic | _Unset | None = UNSET
    genre: Genre | _Unset | None = UNSET
    keywords: str | _Unset = UNSET
    summary: str | _Unset = UNSET
    body: str | _Unset = UNSET
    validity: str | _Unset = UNSET
    effective_on: date | _Unset | None = UNSET
    validity_changed_on: date | _Unset | None = UNSET
    validity_note: str | _Unset = UNSET
    attribute: str | _Unset = UNSET
    attribute_reason: str | _Unset = UNSET
    attribute_basis: str | _Unset = UNSET
    review_on: date | _Unset | None = UNSET
    revision_note: str | _Unset = UNSET  # a revision's public 修订说明

    def given(self) -> dict[str, Any]:
        """The fields the caller set, by name."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclass_fields(self)
            if getattr(self, f.name) is not UNSET
        }


@dataclass
class SaveResult:
    item: Item
    warnings: list[str] = field(default_factory=list)


def _apply_fields(item: Item, fields: ItemFields) -> None:
    for name, value in fields.given().items():
        setattr(item, name, value)
    item.title = (item.title or "").strip()
    item.revision_note = (item.revision_note or "").strip()
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
    if item.formed_on is None:
        errors["formed_on"] = "请填写形成/变更日期（第二十六条据此计算公开时限）。"
    if item.column_id and item.column.organ_id != item.organ_id:
        errors["column"] = "所选栏目不属于本机关的公开目录。"
    if item.attribute == Attribute.REDACTED and not gongkai_settings().ENABLE_REDACTED_ATTRIBUTE:
        errors["attribute"] = "本平台未启用“删减后公开”属性。"
    if item.doc_number and item.doc_year is None:
        errors["doc_number"] = "文号格式应为“机关代字〔年份〕序号号”，例如：某政办发〔2024〕12号。"
    if item.revision_note and item.revision_of_id is None:
        errors["revision_note"] = "只有修订稿需要填写修订说明。"
    if errors:
        raise ValidationError(errors)


def _duplicate_doc_number_warning(item: Item) -> list[str]:
    if not item.doc_number:
        return []
    # A revision carries the 文号 of the item it corrects: neither is a clash.
    family = {pk for pk in (item.pk, item.revision_of_id) if pk is not None}
    clash = (
        Item.objects.filter(
            organ_id=item.organ_id, doc_number=item.doc_number, revision_of__isnull=True
        )
        .exclude(pk__in=family)
        .first()
    )
    if clash is None:
        return []
    return [
        f"本机关已有文号相同的信息：《{clash.title}》（{clash.get_status_display()}），请核对文号。"
    ]


def _require_editor(actor: Actor, organ: Organ) -> None:
    require_roles(actor, organ, {Role.EDITOR}, message="您没有在该机关采编信息的权限。")


@transaction.atomic
def item_create(
    *, actor: Actor, organ: Organ, column: Column, fields: ItemFields | None = None
) -> SaveResult:
    """A new draft: the item machine's CREATE event (audited as item.create)."""
    _require_editor(actor, organ)
    item = Item(organ=organ, column=column, created_by=user_of(actor))
    _apply_fields(item, fields or ItemFields())
    _check_basic(item)
    ITEM_MACHINE.fire(actor=actor, obj=item, event=Event.CREATE)
    return SaveResult(item, _duplicate_doc_number_warning(item))


@transaction.atomic
def item_update(*, actor: Actor, item: Item, fields: ItemFields) -> SaveResult:
    """Edit a draft (a revision's too). A published item's text changes only through a
    revision (`revisions.revision_open`); its 有效性 through `published`."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以修改；已送审的信息请先退回。")
    before = {name: str(getattr(item, name)) for name in fields.given()}
    _apply_fields(item, fields)
    _check_basic(item)
    item.save()
    changed = {k: v for k, v in before.items() if str(getattr(item, k)) != v}
    audit_record(
        actor=actor,
        action=CatalogAudit.ITEM_UPDATE,
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
    if item.revision_of_id is not None:
        problems += revision_problems(item)
    return problems


def revision_problems(item: Item) -> list[str]:
    """What a revision needs beyond a draft: the public 修订说明, and a 公开属性 that keeps the
    page public (stopping publication is 撤回, with its reason shown, not a silent revision)."""
    problems = []
    if not item.revision_note.strip():
        problems.append("修订稿必须填写修订说明（在公开页面显示，说明修订了什么）。")
    if item.attribute not in (Attribute.PROACTIVE, Attribute.REDACTED):
        problems.append(
            f"修订不能把公开属性改为“{item.get_attribute_display()}”；如需停止公开，请撤回原信息。"
        )
    return problems


@transaction.atomic
def attachment_add(*, actor: Actor, item: Item, name: str, data: bytes | File) -> Attachment:
    """Attach a file to a draft. `data` is bytes or an uploaded `File` (kept on disk by Django
    above FILE_UPLOAD_MAX_MEMORY_SIZE): its declared size is checked before anything reads it,
    and nothing reads it whole (`catalog/files.py`: zip bombs, truncated and polyglot files)."""
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以添加附件。")
    name = safe_name(name)
    upload = as_file(data)
    max_bytes = gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024
    kind = check_upload(name, upload, max_bytes)
    digest = sha256_of(upload)
    size = upload.size or 0
    attachment = Attachment(
        item=item,
        original_name=name,
        file_kind=kind,
        size=size,
        sha256=digest,
        extracted_text=extract_text(kind, upload),
        uploaded_by=user_of(actor),
    )
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action=CatalogAudit.ATTACHMENT_ADD,
        obj=item,
        organ_id=item.organ_id,
        data={"name": attachment.original_name, "sha256": digest, "size": size},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    item = attachment.item
    _require_editor(actor, item.organ)
    if item.status != Status.DRAFT:
        raise ValidationError("只有草稿可以删除附件。")
    name = attachment.original_name
    attachment.delete()
    audit_record(
        actor=actor,
        action=CatalogAudit.ATTACHMENT_REMOVE,
        obj=item,
        organ_id=item.organ_id,
        data={"name": name},
    )
