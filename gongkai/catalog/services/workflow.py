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
from gongkai.catalog.scanner import html_text, scan_text
from gongkai.catalog.services.index_numbers import next_index_number
from gongkai.catalog.services.items import readiness_problems
from gongkai.catalog.services.published import apply_validity
from gongkai.catalog.services.revisions import revision_apply
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
    """Scan title, summary, body and attachment text; replace unacknowledged old findings.

    Findings marked 须删改 are not acknowledged, so they go too: a resubmitted draft is judged on
    its new text (a part still there is found again, open for the reviewer)."""
    item.findings.filter(acknowledged_at__isnull=True).delete()
    acknowledged = set(item.findings.values_list("kind", "source", "excerpt"))
    sources = [("标题", item.title), ("内容概述", item.summary), ("正文", html_text(item.body))]
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


def submit_event(item: Item) -> Event:
    """提交 goes to 审核 where the organ uses that step, else straight to 保密审查 (the table's
    guards refuse the other path)."""
    return Event.SUBMIT_FOR_REVIEW if item.organ.review_step else Event.SUBMIT


def _clear_return(item: Item) -> None:
    """Submitted again: the draft is no longer 已退回 (the comment stays in the 办理记录)."""
    item.returned_at, item.returned_by = None, None
    item.returned_from, item.returned_comment = "", ""


@transaction.atomic
def item_submit(*, actor: Actor, item: Item, comment: str = "") -> Item:
    """采编 submits a draft: to 审核 (Organ.review_step), or to 保密审查, in which case the
    scanner runs first and records its findings. Refused with the 退文 reasons while the draft
    lacks what the law requires."""
    item = _locked(item)
    event = submit_event(item)
    ITEM_MACHINE.check_roles(actor, item, event)
    problems = readiness_problems(item)
    if problems:
        raise ItemNotReady(problems)
    _clear_return(item)
    if event == Event.SUBMIT_FOR_REVIEW:
        return item_transition(actor=actor, item=item, event=event, comment=comment)
    findings = _run_scanner(item)
    return item_transition(
        actor=actor,
        item=item,
        event=event,
        comment=comment,
        data={"findings": len(findings)},
    )


@transaction.atomic
def item_approve_review(*, actor: Actor, item: Item, comment: str = "") -> Item:
    """审核通过: the reviewer sends the draft on to 保密审查; the scanner runs now, as a
    submission straight to 保密审查 runs it, so the officer finds the findings waiting."""
    item = _locked(item)
    ITEM_MACHINE.check(actor, item, Event.APPROVE_REVIEW)
    findings = _run_scanner(item)
    return item_transition(
        actor=actor,
        item=item,
        event=Event.APPROVE_REVIEW,
        comment=comment.strip(),
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
        finding.must_change_by, finding.must_change_at = None, None  # the reviewer changed mind
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
def finding_require_change(*, actor: Actor, finding: ScanFinding) -> ScanFinding:
    """须删改: the 保密审查 reviewer decides a finding must not be published as it stands."""
    finding = (
        ScanFinding.objects.select_for_update().select_related("item__organ").get(pk=finding.pk)
    )
    ITEM_MACHINE.check_roles(actor, finding.item, Event.PASS_SECRECY)
    if finding.item.status != Status.SECRECY_REVIEW:
        raise ValidationError("该信息不在保密审查环节，不能标记须删改。")
    if finding.must_change_at is None:
        finding.must_change_by = user_of(actor)
        finding.must_change_at = timezone.now()
        finding.acknowledged_by, finding.acknowledged_at = None, None
        finding.save()
        audit_record(
            actor=actor,
            action=CatalogAudit.FINDING_REQUIRE_CHANGE,
            obj=finding.item,
            organ_id=finding.item.organ_id,
            data={"finding": finding.pk, "kind": finding.kind, "source": finding.source},
        )
    return finding


@transaction.atomic
def item_pass_secrecy(*, actor: Actor, item: Item, opinion: str = "") -> Item:
    """保密审查通过 with the reviewer's written 保密审查意见, kept as the comment of the pass
    event: the record of the review 《条例》第十七条 requires before information is published.

    Refused while a finding is undecided or marked 须删改 (that one goes back to the drafter)."""
    opinion = opinion.strip()
    item = _locked(item)
    ITEM_MACHINE.check_roles(actor, item, Event.PASS_SECRECY)
    must_change = item.findings.filter(must_change_at__isnull=False).count()
    if must_change:
        raise ItemNotReady(
            f"有 {must_change} 条保密扫描发现标记为须删改，不能通过；"
            "请“按须删改意见退回”拟稿人修改，或将其改为确认。"
        )
    open_findings = item.findings.filter(acknowledged_at__isnull=True).count()
    if open_findings:
        raise ItemNotReady(f"还有 {open_findings} 条保密扫描发现未确认，请逐条确认后再通过。")
    if not opinion:
        raise ValidationError("保密审查通过时必须填写保密审查意见。")
    return item_transition(actor=actor, item=item, event=Event.PASS_SECRECY, comment=opinion)


def must_change_list(item: Item) -> list[str]:
    """The findings marked 须删改, one line each, as the 退回意见 lists them."""
    marked = item.findings.filter(must_change_at__isnull=False).order_by("id")
    return [
        f"{n}. {f.get_kind_display()}（{f.source}）：{f.excerpt}" for n, f in enumerate(marked, 1)
    ]


@transaction.atomic
def item_require_changes(*, actor: Actor, item: Item, comment: str = "") -> Item:
    """保密审查 returns the draft (退回, the machine's RETURN event) with every finding marked
    须删改 listed in the 退回意见; the drafter's resubmission is scanned again."""
    item = _locked(item)
    ITEM_MACHINE.check_roles(actor, item, Event.PASS_SECRECY)
    if item.status != Status.SECRECY_REVIEW:
        raise ValidationError("该信息不在保密审查环节。")
    lines = must_change_list(item)
    if not lines:
        raise ValidationError("没有标记为须删改的保密扫描发现；其他原因退回请填写退回意见。")
    heading = f"保密审查：以下 {len(lines)} 处须删改后重新提交。"
    text = "\n".join([comment.strip(), heading, *lines] if comment.strip() else [heading, *lines])
    return item_return(actor=actor, item=item, comment=text)


@transaction.atomic
def item_return(*, actor: Actor, item: Item, comment: str) -> Item:
    """退回: any reviewer sends the item back to its drafter, saying why. The draft keeps the
    comment, who returned it and from which step (已退回, shown at the top of the draft) until
    it is submitted again."""
    if not comment.strip():
        raise ValidationError("退回时必须填写退回意见。")
    item = _locked(item)
    ITEM_MACHINE.check(actor, item, Event.RETURN)
    item.returned_from = item.status
    item.returned_at = timezone.now()
    item.returned_by = user_of(actor)
    item.returned_comment = comment.strip()
    return item_transition(actor=actor, item=item, event=Event.RETURN, comment=comment.strip())


@transaction.atomic
def item_publish(
    *, actor: Actor, item: Item, at: datetime | None = None, comment: str = ""
) -> Item:
    """签发. 主动公开 items are published now or at `at`; others are filed, not published. A
    revision's 签发 replaces its published item's text (`revisions.revision_apply`); a withdrawn
    item waiting for 恢复发布 is published again under its 索引号."""
    item = _locked(item)
    if item.revision_of_id is not None:
        if at is not None:  # a revision replaces the public text when 签发, not later
            ITEM_MACHINE.check(actor, item, Event.SCHEDULE)
        return revision_apply(actor=actor, revision=item, comment=comment)
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
    """Publish under the item's 索引号 (assigned now the first time). An item restored after a
    withdrawal keeps its 索引号 and its first publication date; the withdrawal stays in the
    办理记录."""
    local_day: date = timezone.localtime(when).date()
    item.index_number = item.index_number or next_index_number(organ=item.organ, on=local_day)
    item.published_at = item.published_at or when
    item.withdrawn_at, item.withdrawn_reason = None, ""
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
    """签发 changes the 有效性 (已修改/已废止/已失效) of an item already 签发, shown prominently
    on its public page with its date. 采编 propose instead (`published.validity_propose`); a
    change decided here settles any proposal still waiting."""
    item = _locked(item)
    return apply_validity(
        actor=actor, item=item, validity=validity, changed_on=changed_on, note=note
    )
