"""修订: correcting a published item through the same workflow as a draft.

A revision is an `Item` of its own, linked to the item it corrects (`revision_of`), opened with
the published text and attachments (the machine's REVISE event). It is edited, returned and
reviewed like any draft (审核 → 保密审查 → 签发: the same table, the same findings, the same
buttons). Its 签发 (PUBLISH_REVISION, through `workflow.item_publish`) happens in one
transaction:

1. the published item's current text is kept as an `ItemVersion` (the back office's history);
2. the revision's fields and attachments replace the published item's; the published item
   keeps its pk, 索引号, first publication date (`published_at`) and links (解读, reports);
3. `revised_at` (更新日期) and `revision_note` (修订说明) are set for the public page;
4. `item_public_changed` is sent on commit, so search and portal show the new text.

The revision itself ends as 修订已签发 and stays in the back office with its 办理记录. Only
one revision per item may be open at a time: the service refuses a second with a link to the
open one (`RevisionAlreadyOpen`), and a partial unique constraint catches two editors at once.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai.catalog.audit import CatalogAudit
from gongkai.catalog.models import (
    OPEN_REVISION_STATES,
    Attachment,
    Item,
    ItemVersion,
    Status,
)
from gongkai.catalog.services.items import ItemFields
from gongkai.catalog.services.published import notify_public_change
from gongkai.catalog.transitions import ITEM_MACHINE, Event
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record

#: Fields a revision carries and, on 签发, hands to the published item (its 修订说明 aside).
REVISED_FIELDS: tuple[str, ...] = (
    *(f.name for f in dataclass_fields(ItemFields) if f.name != "revision_note"),
    "doc_agency",
    "doc_year",
    "doc_serial",
)

#: Published items may be corrected; so may a withdrawn one before it is restored.
REVISABLE_STATES = frozenset({Status.PUBLISHED, Status.WITHDRAWN, Status.RESTORE_REVIEW})


class RevisionAlreadyOpen(ValidationError):
    """A second revision while one is open: refused, naming (and linking) the open one."""

    def __init__(self, revision: Item) -> None:
        self.revision = revision
        super().__init__(
            f"该信息已有一份修订稿正在办理（当前状态：{revision.get_status_display()}），"
            "不能再新建修订；请在这份修订稿上继续修改。"
        )


def open_revision(item: Item) -> Item | None:
    """The revision of `item` still being worked on, if any."""
    return (
        Item.objects.filter(revision_of=item, status__in=OPEN_REVISION_STATES)
        .order_by("-id")
        .first()
    )


@transaction.atomic
def revision_open(*, actor: Actor, item: Item) -> Item:
    """采编 opens a revision of a published item: a draft holding its current text and files."""
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check_roles(actor, item, Event.REVISE)
    if item.revision_of_id is not None:
        raise ValidationError("这是一份修订稿，不能再对它新建修订；请直接修改这份修订稿。")
    if item.status not in REVISABLE_STATES:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有已发布或已撤回的信息可以修订；"
            "未发布的稿件请直接修改或退回修改。"
        )
    existing = open_revision(item)
    if existing is not None:
        raise RevisionAlreadyOpen(existing)
    revision = Item(
        organ=item.organ,
        revision_of=item,
        created_by=user_of(actor),
        **{name: getattr(item, name) for name in REVISED_FIELDS},
    )
    try:
        with transaction.atomic():  # the constraint's refusal must not spoil the outer one
            ITEM_MACHINE.fire(
                actor=actor, obj=revision, event=Event.REVISE, data={"revision_of": item.pk}
            )
    except IntegrityError:
        raise RevisionAlreadyOpen(open_revision(item) or revision) from None
    # The same stored files: a revision that keeps an attachment shares its file.
    Attachment.objects.bulk_create(
        [
            Attachment(
                item=revision,
                file=a.file.name,
                original_name=a.original_name,
                file_kind=a.file_kind,
                size=a.size,
                sha256=a.sha256,
                extracted_text=a.extracted_text,
                uploaded_by_id=a.uploaded_by_id,
            )
            for a in item.attachments.all()
        ]
    )
    audit_record(
        actor=actor,
        action=CatalogAudit.REVISION_OPEN,
        obj=item,
        organ_id=item.organ_id,
        data={"revision": revision.pk},
    )
    return revision


@transaction.atomic
def revision_abandon(*, actor: Actor, revision: Item, comment: str = "") -> Item:
    """放弃修订: the published item stays as it is; the revision stays in the record."""
    revision = ITEM_MACHINE.lock(revision)
    return ITEM_MACHINE.fire(
        actor=actor, obj=revision, event=Event.ABANDON, comment=comment.strip()
    )


def _shown(item: Item, name: str) -> str:
    """A field's value as a person reads it (choice labels, dates, related names)."""
    value = getattr(item, name)
    if value is None or value == "":
        return ""
    display = getattr(item, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, models.Model):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


#: Fields a version keeps in columns of its own (the 文号's parts are in `doc_number`).
_OWN_COLUMNS = frozenset(
    {"title", "doc_number", "summary", "body", "doc_agency", "doc_year", "doc_serial"}
)


def _snapshot(item: Item, *, number: int, revision: Item, now: datetime) -> ItemVersion:
    """The published text as it is now, before the revision replaces it."""
    details = {
        str(getattr(Item._meta.get_field(name), "verbose_name", name)): _shown(item, name)
        for name in REVISED_FIELDS
        if name not in _OWN_COLUMNS
    }
    return ItemVersion(
        item=item,
        number=number,
        title=item.title,
        doc_number=item.doc_number,
        summary=item.summary,
        body=item.body,
        details=details,
        attachments=[
            {"name": a.original_name, "size": a.size, "sha256": a.sha256, "file": a.file.name}
            for a in item.attachments.all()
        ],
        revision_note=item.revision_note,
        public_from=item.revised_at or item.published_at,
        replaced_at=now,
        replaced_by=revision,
    )


def revision_apply(*, actor: Actor, revision: Item, comment: str = "") -> Item:
    """签发修订: the revision's text replaces the published item's (see the module docstring).

    Called by `workflow.item_publish` with the revision locked, inside its transaction.
    Returns the revision, now 修订已签发."""
    ITEM_MACHINE.check(actor, revision, Event.PUBLISH_REVISION)
    target = ITEM_MACHINE.lock(Item(pk=revision.revision_of_id))
    if target.status not in REVISABLE_STATES:
        raise ValidationError(f"原信息当前状态为“{target.get_status_display()}”，修订不能签发。")
    now = timezone.now()
    number = (target.versions.aggregate(n=models.Max("number"))["n"] or 0) + 1
    _snapshot(target, number=number, revision=revision, now=now).save()
    for name in REVISED_FIELDS:
        setattr(target, name, getattr(revision, name))
    target.revision_note = revision.revision_note
    target.revised_at = now
    target.full_clean(exclude=["column", "organ", "interprets", "revision_of"])
    target.save()
    # The revision's files become the published item's; the replaced ones are listed in the
    # version (their stored files are kept).
    target.attachments.all().delete()
    Attachment.objects.filter(item=revision).update(item=target)
    audit_record(
        actor=actor,
        action=CatalogAudit.REVISION_APPLY,
        obj=target,
        organ_id=target.organ_id,
        comment=revision.revision_note,
        data={"revision": revision.pk, "version": number},
    )
    ITEM_MACHINE.fire(
        actor=actor,
        obj=revision,
        event=Event.PUBLISH_REVISION,
        comment=comment,
        data={"revision_of": target.pk, "version": number},
    )
    notify_public_change(target)
    return revision
