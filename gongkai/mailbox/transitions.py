"""The one transition table of a letter (信箱留言), on the shared core (`gongkai.core.fsm`).

    留言 → 待审核 ─┬ 受理 / 按责转办 → 办理中 ⇄ 转办 (to another organ, the trail kept)
                   ├ 不予受理 (with its reason)          │ ↑ 退回公开办 → 待审核
                   └ 重复留言                            ↓
                          办理中 → 拟定答复送审批 → 答复待审批 → 审批通过 → 已答复
                                        ↑───────── 退回修改 ─┘
                          已答复 → 评价 (the writer) / 默认满意 (the job) → 已评价 → 归档

`LETTER_MACHINE.fire` is the only writer of `Letter.status`; the services in `services/` call it
after their own checks, inside the transaction that holds the row lock. Audit actions are
`letter.<event>`.

Who: the handlers of the letter's current organ (`HANDLER_ROLES`: 采编 and 公开办管理员, who
covers the organs below it) screen, transfer and draft; the 签发 (`Role.APPROVER`, the leader)
approves the reply. The writer has no account: the public page fires RECEIVE and RATE with
`actor=None` after verifying the 查询码 and number tail; the scheduled job fires DEFAULT_RATE.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.actors import Actor
from gongkai.core.audit import AuditAction
from gongkai.core.fsm import SYSTEM, Guard, InvalidTransition, StateMachine
from gongkai.mailbox.models import Letter, Status
from gongkai.mailbox.signals import letter_transitioned
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

__all__ = [
    "APPROVER_ROLES",
    "HANDLER_ROLES",
    "LETTER_MACHINE",
    "NOT_HANDLER",
    "TRANSITIONS",
    "WRITER_EVENTS",
    "Event",
    "InvalidTransition",
    "allowed_events",
    "audit_action",
]

S = Status

#: Who screens, transfers and drafts: 采编 of the organ, and its 公开办 (管理员, also above).
HANDLER_ROLES: frozenset[str] = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})
#: Who approves a reply before it goes out: the organ's 签发 (its leader).
APPROVER_ROLES: frozenset[str] = frozenset({Role.APPROVER})
NOT_HANDLER = "您在该机关没有办理此留言的权限。"


class Event(models.TextChoices):
    RECEIVE = "receive", "收到留言"  # the writer, through the public form
    ACCEPT = "accept", "受理"  # valid, handled by the organ that screened it
    ASSIGN = "assign", "按责转办"  # valid, sent by the screening office to the responsible organ
    REJECT = "reject", "不予受理"  # invalid, with the reason the writer reads
    MARK_DUPLICATE = "mark_duplicate", "认定为重复留言"
    TRANSFER = "transfer", "转办"  # a handling organ passes it on (no loops: rules.py)
    RETURN_TO_OFFICE = "return_to_office", "退回公开办"  # disputed responsibility
    SUBMIT_REPLY = "submit_reply", "拟定答复送审批"
    RETURN_REPLY = "return_reply", "退回修改答复"
    APPROVE_REPLY = "approve_reply", "审批通过并答复"
    RATE = "rate", "评价"  # the writer, through the lookup page
    DEFAULT_RATE = "default_rate", "逾期未评价，默认满意"
    ARCHIVE = "archive", "归档"


TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.RECEIVE): S.SCREENING,
    (S.SCREENING, Event.ACCEPT): S.PROCESSING,
    (S.SCREENING, Event.ASSIGN): S.PROCESSING,
    (S.SCREENING, Event.REJECT): S.INVALID,
    (S.SCREENING, Event.MARK_DUPLICATE): S.DUPLICATE,
    (S.PROCESSING, Event.TRANSFER): S.PROCESSING,
    (S.PROCESSING, Event.RETURN_TO_OFFICE): S.SCREENING,
    (S.PROCESSING, Event.SUBMIT_REPLY): S.APPROVAL,
    (S.APPROVAL, Event.RETURN_REPLY): S.PROCESSING,
    (S.APPROVAL, Event.APPROVE_REPLY): S.ANSWERED,
    (S.ANSWERED, Event.RATE): S.RATED,
    (S.ANSWERED, Event.DEFAULT_RATE): S.RATED,
    (S.RATED, Event.ARCHIVE): S.ARCHIVED,
    (S.INVALID, Event.ARCHIVE): S.ARCHIVED,
    (S.DUPLICATE, Event.ARCHIVE): S.ARCHIVED,
}

EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.RECEIVE: SYSTEM,  # actor None: the writer, verified by the public form's checks
    Event.ACCEPT: HANDLER_ROLES,
    Event.ASSIGN: HANDLER_ROLES,
    Event.REJECT: HANDLER_ROLES,
    Event.MARK_DUPLICATE: HANDLER_ROLES,
    Event.TRANSFER: HANDLER_ROLES,
    Event.RETURN_TO_OFFICE: HANDLER_ROLES,
    Event.SUBMIT_REPLY: HANDLER_ROLES,
    Event.RETURN_REPLY: APPROVER_ROLES,
    Event.APPROVE_REPLY: APPROVER_ROLES,
    Event.RATE: SYSTEM,  # actor None: the writer, verified by 查询码 + 尾号
    Event.DEFAULT_RATE: SYSTEM,
    Event.ARCHIVE: HANDLER_ROLES,
}

#: Events the writer fires through the public pages (actor None, no account).
WRITER_EVENTS: frozenset[Event] = frozenset({Event.RECEIVE, Event.RATE})


def _at_the_office(letter: Letter) -> str | None:
    """退回公开办 only from an organ other than the mailbox's own (whose office screened it)."""
    if letter.organ_id != letter.channel.organ_id:
        return None
    return "留言已在信箱所属机关办理，无需退回公开办；如非本机关职责，请转办。"


GUARDS: dict[Event, Guard] = {Event.RETURN_TO_OFFICE: _at_the_office}


def _roles_of(actor: Actor, letter: Letter) -> set[str]:
    return roles_for(actor, letter.organ)


LETTER_MACHINE: StateMachine[Status, Event] = StateMachine(
    name="letter",
    status=Status,
    events=Event,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=_roles_of,
    subject="留言",
    signal=letter_transitioned,
    denied=NOT_HANDLER,
    guards=GUARDS,
)

allowed_events = LETTER_MACHINE.allowed_events


def audit_action(event: Event) -> AuditAction:
    """The audit action `LETTER_MACHINE.fire` records for `event` (`letter.<event>`)."""
    action: AuditAction = LETTER_MACHINE.actions[event.name]
    return action
