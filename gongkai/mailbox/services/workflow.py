"""Handling a letter: screening, 转办 with its trail, the reply and its approval, the rating.

Each service is one transaction: it locks the letter (`LETTER_MACHINE.lock`), checks its own
rules (`rules.py`, `deadlines.py`), sets the other fields and fires the event; the machine writes
the status and the audit row and sends `letter_transitioned` on commit (notices: receivers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import default_calendar, format_date
from gongkai.mailbox import deadlines, rules
from gongkai.mailbox.audit import MailboxAudit
from gongkai.mailbox.models import Letter, Satisfaction, Status, Transfer
from gongkai.mailbox.transitions import LETTER_MACHINE, Event
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles, roles_for

#: Who may extend a reply period: the organ's leader (签发) or its 公开办.
EXTENSION_ROLES = frozenset({Role.APPROVER, Role.ORGAN_ADMIN})


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(f"请填写{what}。")
    if len(text) > 300:
        raise ValidationError(f"{what}不能超过300字。")
    return text


def _start_clock(letter: Letter, on: date) -> None:
    """First acceptance: the reply period of the letter's type starts (never restarted)."""
    if letter.accepted_on is not None:
        return
    cal = default_calendar()
    due = deadlines.reply_due(
        on, letter.letter_type, cal, days_by_type=gongkai_settings().MAILBOX_REPLY_WORKING_DAYS
    )
    letter.accepted_on = on
    letter.due_date = due.day
    letter.due_explanation = [*letter.due_explanation, *due.explanation]
    letter.calendar_version = cal.version


def is_office(actor: Actor, letter: Letter) -> bool:
    """Whether the actor is the 公开办 of the letter's mailbox (it screens and coordinates)."""
    return Role.ORGAN_ADMIN in roles_for(actor, letter.channel.organ)


def visited_organs(letter: Letter) -> set[int]:
    """Organs the letter has been at and left (the 转办 trail)."""
    return set(letter.transfers.values_list("from_organ_id", flat=True))


def transfer_check(actor: Actor, letter: Letter, organ: Organ) -> None:
    """The no-loop rule (`rules.transfer_refusal`) for a transfer now: ValidationError."""
    reason = rules.transfer_refusal(
        current=letter.organ_id,
        target=organ.pk,
        visited=visited_organs(letter),
        by_office=is_office(actor, letter),
    )
    if reason:
        raise ValidationError(reason)


def _mover(
    actor: Actor, organ: Organ, kind: str, reason: str, on: date
) -> Callable[[Letter], None]:
    """What moves a letter to `organ` as the machine saves it (`fire(before_save=…)`): after the
    roles and the guard were asked of the organ it is leaving. The trail gets its step."""

    def move(letter: Letter) -> None:
        Transfer.objects.create(
            letter=letter,
            kind=kind,
            from_organ=letter.organ,
            to_organ=organ,
            reason=reason,
            by=user_of(actor),
            on=on,
        )
        letter.organ = organ
        letter.assignee = None

    return move


def _trail_data(letter: Letter, organ: Organ) -> dict[str, Any]:
    return {"from_organ": letter.organ.name, "to_organ": organ.name}


@transaction.atomic
def letter_accept(*, actor: Actor, letter: Letter, on: date | None = None) -> Letter:
    """受理: a valid letter the screening organ answers itself; its reply period starts."""
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.ACCEPT)
    day = _today(on)
    letter.screened_on = day
    _start_clock(letter, day)
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.ACCEPT)


@transaction.atomic
def letter_assign(
    *, actor: Actor, letter: Letter, organ: Organ, reason: str, on: date | None = None
) -> Letter:
    """按责转办 at screening: the letter is valid and goes to the organ responsible. The
    mailbox's 公开办 may send it anywhere (also back to an organ that returned it)."""
    reason = _required(reason, "转办理由")
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.ASSIGN)
    transfer_check(actor, letter, organ)
    day = _today(on)
    letter.screened_on = day
    _start_clock(letter, day)
    data = {**_trail_data(letter, organ), "by_office": is_office(actor, letter)}
    return LETTER_MACHINE.fire(
        actor=actor,
        obj=letter,
        event=Event.ASSIGN,
        comment=reason,
        data=data,
        before_save=_mover(actor, organ, Transfer.Kind.ASSIGN, reason, day),
    )


@transaction.atomic
def letter_reject(*, actor: Actor, letter: Letter, reason: str, on: date | None = None) -> Letter:
    """不予受理: the writer reads the reason on the lookup page."""
    reason = _required(reason, "不予受理的理由")
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.REJECT)
    letter.invalid_reason = reason
    letter.screened_on = _today(on)
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.REJECT, comment=reason)


@transaction.atomic
def letter_mark_duplicate(
    *, actor: Actor, letter: Letter, original: Letter, on: date | None = None
) -> Letter:
    """重复留言: the same writer's earlier letter on the same matter is handled instead."""
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.MARK_DUPLICATE)
    if original.pk == letter.pk:
        raise ValidationError("不能认定与自身重复。")
    letter.duplicate_of = original
    letter.screened_on = _today(on)
    return LETTER_MACHINE.fire(
        actor=actor,
        obj=letter,
        event=Event.MARK_DUPLICATE,
        data={"duplicate_of": original.reference},
    )


@transaction.atomic
def letter_transfer(
    *, actor: Actor, letter: Letter, organ: Organ, reason: str, on: date | None = None
) -> Letter:
    """转办: the handling organ passes the letter to the organ responsible; never back to an
    organ it has left (`rules.transfer_refusal`); the reply period runs on."""
    reason = _required(reason, "转办理由")
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.TRANSFER)
    transfer_check(actor, letter, organ)
    return LETTER_MACHINE.fire(
        actor=actor,
        obj=letter,
        event=Event.TRANSFER,
        comment=reason,
        data=_trail_data(letter, organ),
        before_save=_mover(actor, organ, Transfer.Kind.TRANSFER, reason, _today(on)),
    )


@transaction.atomic
def letter_return_to_office(
    *, actor: Actor, letter: Letter, reason: str, on: date | None = None
) -> Letter:
    """退回公开办: the handling organ disputes its responsibility; the mailbox's office decides
    (the way out of a transfer dispute, instead of a loop)."""
    reason = _required(reason, "退回理由")
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.RETURN_TO_OFFICE)
    office = letter.channel.organ
    letter.escalated = True
    return LETTER_MACHINE.fire(
        actor=actor,
        obj=letter,
        event=Event.RETURN_TO_OFFICE,
        comment=reason,
        data=_trail_data(letter, office),
        before_save=_mover(actor, office, Transfer.Kind.RETURN, reason, _today(on)),
    )


@transaction.atomic
def letter_submit_reply(
    *, actor: Actor, letter: Letter, text: str, on: date | None = None
) -> Letter:
    """拟定答复送审批: the handler's draft goes to the organ's 签发."""
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError("请填写答复内容（至少10个字）。")
    maximum = gongkai_settings().MAILBOX_MAX_LETTER_CHARS * 2
    problem = rules.length_problem(text, maximum=maximum, label="答复内容")
    if problem:
        raise ValidationError(problem)
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.SUBMIT_REPLY)
    letter.draft_reply = text
    letter.drafted_on = _today(on)
    letter.drafted_by = user_of(actor)
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.SUBMIT_REPLY)


@transaction.atomic
def letter_return_reply(*, actor: Actor, letter: Letter, comment: str) -> Letter:
    """审批退回: the draft goes back to the handler with the leader's comment."""
    comment = _required(comment, "退回意见")
    letter = LETTER_MACHINE.lock(letter)
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.RETURN_REPLY, comment=comment)


@transaction.atomic
def letter_approve_reply(*, actor: Actor, letter: Letter, on: date | None = None) -> Letter:
    """审批通过: the draft becomes the organ's reply (the writer reads it at once); the rating
    window opens; 办理用时 and 超期 are recorded for the statistics."""
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.APPROVE_REPLY)
    day = _today(on)
    cal = default_calendar()
    letter.reply = letter.draft_reply
    letter.replied_on = day
    letter.reply_organ = letter.organ
    letter.approved_by = user_of(actor)
    letter.handling_working_days = deadlines.handling_working_days(letter.submitted_on, day, cal)
    letter.overdue = letter.due_date is not None and day > letter.due_date
    rating = deadlines.rating_due(day, cal, days=gongkai_settings().MAILBOX_RATING_WORKING_DAYS)
    letter.rating_due = rating.day
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.APPROVE_REPLY)


@transaction.atomic
def letter_extend(*, actor: Actor, letter: Letter, days: int, reason: str) -> Letter:
    """延期: once, with a reason, by at most `MAILBOX_MAX_EXTENSION_WORKING_DAYS` working days,
    agreed by the organ's leader or 公开办."""
    reason = _required(reason, "延期理由")
    letter = LETTER_MACHINE.lock(letter)
    require_roles(actor, letter.organ, EXTENSION_ROLES, message="延期须经本机关签发或公开办同意。")
    if letter.status not in (Status.PROCESSING, Status.APPROVAL) or letter.due_date is None:
        raise ValidationError("只有办理中的留言可以延期。")
    problem = deadlines.check_extension(
        extended_before=letter.extended,
        days=days,
        maximum=gongkai_settings().MAILBOX_MAX_EXTENSION_WORKING_DAYS,
    )
    if problem:
        raise ValidationError(problem)
    new = deadlines.extended_reply_due(letter.due_date, days, default_calendar())
    letter.extended, letter.extension_days, letter.extension_reason = True, days, reason
    letter.due_date = new.day
    letter.due_explanation = [*letter.due_explanation, *new.explanation]
    letter.overdue_notified_at = None  # a new date: its reminders and overdue notice anew
    letter.save()
    audit_record(
        actor=actor,
        action=MailboxAudit.EXTEND,
        obj=letter,
        organ_id=letter.organ_id,
        comment=reason,
        data={"days": days, "due": new.day.isoformat()},
    )
    return letter


@transaction.atomic
def letter_rate(
    *, letter: Letter, satisfaction: str, comment: str = "", on: date | None = None
) -> Letter:
    """评价 by the writer (`actor=None`), who unlocked the letter with 查询码 + 尾号 on the
    public page; within the rating window (after it the job has already rated it 满意)."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError("请选择满意度。")
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError("评价意见不能超过300字。")
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check_state(letter, Event.RATE)
    day = _today(on)
    if letter.rating_due is not None and day > letter.rating_due:
        raise ValidationError(
            f"评价期限（{format_date(letter.rating_due)}）已过，逾期未评价的视为满意。"
        )
    letter.satisfaction = satisfaction
    letter.rating_comment = comment
    letter.rated_on = day
    return LETTER_MACHINE.fire(
        actor=None,
        obj=letter,
        event=Event.RATE,
        comment=comment,
        data={"satisfaction": satisfaction},
    )


@transaction.atomic
def letter_archive(*, actor: Actor, letter: Letter, on: date | None = None) -> Letter:
    letter = LETTER_MACHINE.lock(letter)
    LETTER_MACHINE.check(actor, letter, Event.ARCHIVE)
    letter.archived_on = _today(on)
    return LETTER_MACHINE.fire(actor=actor, obj=letter, event=Event.ARCHIVE)


@transaction.atomic
def personal_data_viewed(*, actor: Actor, letter: Letter) -> None:
    """The writer's full name, phone, ID number and address were shown to `actor` (the page
    masks them until asked): recorded, as every look at personal data."""
    audit_record(
        actor=actor, action=MailboxAudit.VIEW_PERSONAL_DATA, obj=letter, organ_id=letter.organ_id
    )


def can_extend(actor: Actor, letter: Letter) -> bool:
    try:
        require_roles(actor, letter.organ, EXTENSION_ROLES)
    except PermissionDenied:
        return False
    return letter.status in (Status.PROCESSING, Status.APPROVAL) and not letter.extended
