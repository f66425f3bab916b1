"""Publishing workflow services. `ITEM_MACHINE.fire` is the only writer of `Item.status`.

Every transition runs in one transaction with its audit event; the item row is locked first, so a
double-submitted 签发 publishes once and gets one 索引号. The machine sends `item_transitioned` on
commit; publication changes also send `item_public_changed` (search indexing).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.audit import CatalogAudit
from gongkai.catalog.models import Attribute, Item, ScanFinding, Status
from gongkai.catalog.scanner import scan_text
from gongkai.catalog.services.index_numbers import next_index_number
from gongkai.catalog.services.items import readiness_problems
from gongkai.catalog.signals import item_public_changed
from gongkai.catalog.transitions import ITEM_MACHINE, Event
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record

PUBLIC_ATTRIBUTES = {Attribute.PROACTIVE, Attribute.REDACTED}


class ItemNotReady(ValidationError):
    """The draft lacks something the law requires before it may move on (退文)."""


def item_transition(
    *, actor: Actor, item: Item, event: Event, comment: str = "", data: dict[str, Any] | None = None
) -> Item:
    """Move `item` along the table; caller holds the row lock inside a transaction."""
    return ITEM_MACHINE.fire(actor=actor, obj=item, event=event, comment=comment, data=data)


def _locked(item: Item) -> Item:
    return ITEM_MACHINE.lock(item)


def _notify_public_change(item: Item) -> None:
    item_id = item.pk
    transaction.on_commit(lambda: item_public_changed.send(sender=Item, item_id=item_id))


def _run_scanner(item: Item) -> list[ScanFinding]:
    """Scan title, summary, body and attachment text; replace unacknowledged old findings."""
    from django.utils.html import strip_tags

    item.findings.filter(acknowledged_at__isnull=True).delete()
    acknowledged = set(item.findings.values_list("kind", "source", "excerpt"))
    sources = [("标题", item.title), ("内容概述", item.summary), ("正文", strip_tags(item.body))]
    sources += [(f"附件：{a.original_name}", a.extracted_text) for a in item.attachments.all()]
    created = []
    for source, text in sources:
        for hit in scan_text(text):
            if (hit.kind, source[:255], hit.excerpt[:200]) in acknowledged:
                continue
            created.append(
                ScanFinding.objects.create(
                    item=item, kind=hit.kind, source=source[:255], excerpt=hit.excerpt[:200]
                )
            )
    return created


@transaction.atomic
def item_submit(*, actor: Actor, item: Item, comment: str = "") -> Item:
    """采编 sends a draft to 保密审查; the scanner runs first and records its findings."""
    item = _locked(item)
    ITEM_MACHINE.check_roles(actor, item, Event.SUBMIT)
    problems = readiness_problems(item)
    if problems:
        raise ItemNotReady(problems)
    findings = _run_scanner(item)
    return item_transition(
        actor=actor,
        item=item,
        event=Event.SUBMIT,
        comment=comment,
        data={"findings": len(findings)},
    )


@transaction.atomic
def finding_acknowledge(*, actor: Actor, finding: ScanFinding) -> ScanFinding:
    finding = (
        ScanFinding.objects.select_for_update().select_related("item__organ").get(pk=finding.pk)
    )
    ITEM_MACHINE.check_roles(actor, finding.item, Event.PASS_SECRECY)
    if finding.acknowledged_at is None:
        finding.acknowledged_by = user_of(actor)
        finding.acknowledged_at = timezone.now()
        finding.save()
        audit_record(
            actor=actor,
            action=CatalogAudit.FINDING_ACKNOWLEDGE,
            obj=finding.item,
            organ_id=finding.item.organ_id,
            data={"finding": finding.pk, "kind": finding.kind, "source": finding.source},
        )
    return finding


@transaction.atomic
def item_pass_secrecy(*, actor: Actor, item: Item, comment: str = "") -> Item:
    item = _locked(item)
    ITEM_MACHINE.check_roles(actor, item, Event.PASS_SECRECY)
    open_findings = item.findings.filter(acknowledged_at__isnull=True).count()
    if open_findings:
        raise ItemNotReady(f"还有 {open_findings} 条保密扫描发现未确认，请逐条确认后再通过。")
    return item_transition(actor=actor, item=item, event=Event.PASS_SECRECY, comment=comment)


@transaction.atomic
def item_return(*, actor: Actor, item: Item, comment: str) -> Item:
    """退回: any reviewer sends the item back to its drafter, saying why."""
    if not comment.strip():
        raise ValidationError("退回时必须填写退回意见。")
    item = _locked(item)
    return item_transition(actor=actor, item=item, event=Event.RETURN, comment=comment.strip())


@transaction.atomic
def item_publish(
    *, actor: Actor, item: Item, at: datetime | None = None, comment: str = ""
) -> Item:
    """签发. 主动公开 items are published now or at `at`; others are filed, not published."""
    item = _locked(item)
    if item.attribute not in PUBLIC_ATTRIBUTES:
        return item_transition(actor=actor, item=item, event=Event.FILE, comment=comment)
    now = timezone.now()
    if at is not None and at > now:
        ITEM_MACHINE.check(actor, item, Event.SCHEDULE)
        item.scheduled_for = at
        return item_transition(
            actor=actor,
            item=item,
            event=Event.SCHEDULE,
            comment=comment,
            data={"scheduled_for": at.isoformat()},
        )
    ITEM_MACHINE.check(actor, item, Event.PUBLISH)  # raises before a serial is reserved
    return _make_public(actor=actor, item=item, event=Event.PUBLISH, when=now, comment=comment)


def _make_public(*, actor: Actor, item: Item, event: Event, when: datetime, comment: str) -> Item:
    local_day: date = timezone.localtime(when).date()
    item.index_number = item.index_number or next_index_number(organ=item.organ, on=local_day)
    item.published_at = when
    item_transition(
        actor=actor,
        item=item,
        event=event,
        comment=comment,
        data={"index_number": item.index_number},
    )
    _notify_public_change(item)
    return item


def items_release_scheduled(*, now: datetime | None = None) -> list[int]:
    """Publish every scheduled item whose time has come. Idempotent; backs task and command."""
    now = now or timezone.now()
    released = []
    due_ids = list(
        Item.objects.filter(status=Status.SCHEDULED, scheduled_for__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in due_ids:
        with transaction.atomic():
            item = Item.objects.select_for_update().select_related("organ").get(pk=pk)
            if item.status != Status.SCHEDULED:
                continue
            _make_public(
                actor=None,
                item=item,
                event=Event.RELEASE,
                when=item.scheduled_for or now,
                comment="",
            )
            released.append(pk)
    return released


@transaction.atomic
def item_withdraw(*, actor: Actor, item: Item, reason: str) -> Item:
    """撤回: the page stays, saying it was withdrawn, when and why; body and files are hidden."""
    if not reason.strip():
        raise ValidationError("撤回时必须填写撤回原因。")
    item = _locked(item)
    ITEM_MACHINE.check(actor, item, Event.WITHDRAW)
    item.withdrawn_at = timezone.now()
    item.withdrawn_reason = reason.strip()
    item_transition(actor=actor, item=item, event=Event.WITHDRAW, comment=reason.strip())
    _notify_public_change(item)
    return item


@transaction.atomic
def item_set_validity(
    *, actor: Actor, item: Item, validity: str, changed_on: date | None, note: str = ""
) -> Item:
    """有效性 changes (已修改/已废止/已失效) are shown prominently on the published page."""
    item = _locked(item)
    ITEM_MACHINE.check(actor, item, Event.VALIDITY)
    before = item.validity
    item.validity = validity
    item.validity_changed_on = changed_on
    item.validity_note = note
    item.full_clean(exclude=["column", "organ"])
    item_transition(
        actor=actor,
        item=item,
        event=Event.VALIDITY,
        data={"from": before, "to": validity, "note": note},
    )
    if item.status == Status.PUBLISHED:
        _notify_public_change(item)
    return item
