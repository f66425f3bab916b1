"""The one transition table of an application (legal-rules §1.8), on the shared core.

`APP_MACHINE.fire` (`gongkai.core.fsm`) is the only writer of `Application.status`: the
services in `services/intake.py` (the first status) and `services/workflow.py` call it after
their own checks, inside the transaction that holds the row lock. Audit actions are
`application.<event>`, derived from `AppEvent`.

Who may fire what: staff with a handling role in the case's organ (`HANDLER_ROLES`); the two
lapse events only the scheduled job (`SYSTEM`). The applicant acts without an account: the public
status page registers an online application, answers a 补正 notice and withdraws with
`actor=None` and `check_roles=False`, after the page verified the 查询码 and the phone or ID
number tail (`views/public.py`).
"""

from __future__ import annotations

from django.db import models

from gongkai.applications.models import Application, AppStatus
from gongkai.core.actors import Actor
from gongkai.core.audit import AuditAction
from gongkai.core.fsm import SYSTEM, InvalidTransition, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

__all__ = [
    "APPLICANT_EVENTS",
    "APPROVER_ROLES",
    "APP_MACHINE",
    "EVENT_ROLES",
    "HANDLER_ROLES",
    "NOT_HANDLER",
    "TRANSITIONS",
    "AppEvent",
    "InvalidTransition",
    "allowed_events",
    "audit_action",
    "by_applicant",
    "next_status",
]

S = AppStatus

#: Roles that handle applications in the GIO working body (公开办).
HANDLER_ROLES: frozenset[str] = frozenset(
    {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ORGAN_ADMIN}
)
#: The extension (Art. 33) and the delayed date (Art. 35) need the head of the GIO working body:
#: the 签发 role stands for the 政府信息公开工作机构负责人.
APPROVER_ROLES: frozenset[str] = frozenset({Role.APPROVER})
#: The refusal (403) of every application service and action.
NOT_HANDLER = "您在该机关没有办理此申请的权限。"


class AppEvent(models.TextChoices):
    # Art. 31: the first status. In person, signed-for post, or a confirmation already agreed:
    # the receipt date is known and the clock starts.
    REGISTER = "register", "登记申请"
    # Art. 31(二)(三): 平常信函, online, fax: the clock waits for both sides to confirm.
    REGISTER_UNCONFIRMED = "register_unconfirmed", "登记申请"
    CONFIRM_RECEIPT = "confirm_receipt", "确认收到申请"  # Art. 31: confirmed; the clock starts
    REQUEST_CORRECTION = "request_correction", "告知补正"  # Art. 30: one single 补正 notice
    CORRECTION_RECEIVED = "correction_received", "收到补正"  # Art. 30: the clock restarts
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正，终止处理"  # Art. 30: abandoned
    START_CONSULTATION = "start_consultation", "征求意见"  # Art. 32/34: clock paused
    END_CONSULTATION = "end_consultation", "征求意见结束"
    SEND_FEE_NOTICE = "send_fee_notice", "发出收费通知"  # 109号
    FEE_PAID = "fee_paid", "已缴费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费，终止处理"  # 109号: deemed abandoned
    ANSWER = "answer", "作出答复"  # Art. 36: decision recorded with its outcome
    WITHDRAW = "withdraw", "撤回申请"  # by the applicant (online, or recorded by staff)
    ARCHIVE = "archive", "归档"  # Art. 45 归档


_OPEN_WITHDRAWABLE = [
    S.AWAITING_CONFIRMATION,
    S.PROCESSING,
    S.CORRECTION,
    S.CONSULTING,
    S.FEE_PENDING,
]

TRANSITIONS: dict[tuple[AppStatus | None, AppEvent], AppStatus] = {
    (None, AppEvent.REGISTER): S.PROCESSING,
    (None, AppEvent.REGISTER_UNCONFIRMED): S.AWAITING_CONFIRMATION,
    (S.AWAITING_CONFIRMATION, AppEvent.CONFIRM_RECEIPT): S.PROCESSING,
    (S.PROCESSING, AppEvent.REQUEST_CORRECTION): S.CORRECTION,
    (S.CORRECTION, AppEvent.CORRECTION_RECEIVED): S.PROCESSING,
    (S.CORRECTION, AppEvent.CORRECTION_LAPSED): S.ANSWERED,
    (S.PROCESSING, AppEvent.START_CONSULTATION): S.CONSULTING,
    (S.CONSULTING, AppEvent.START_CONSULTATION): S.CONSULTING,
    (S.CONSULTING, AppEvent.END_CONSULTATION): S.PROCESSING,
    (S.PROCESSING, AppEvent.SEND_FEE_NOTICE): S.FEE_PENDING,
    (S.FEE_PENDING, AppEvent.FEE_PAID): S.PROCESSING,
    (S.FEE_PENDING, AppEvent.FEE_LAPSED): S.ANSWERED,
    (S.PROCESSING, AppEvent.ANSWER): S.ANSWERED,
    (S.ANSWERED, AppEvent.ARCHIVE): S.ARCHIVED,
    (S.WITHDRAWN, AppEvent.ARCHIVE): S.ARCHIVED,
    **{(state, AppEvent.WITHDRAW): S.WITHDRAWN for state in _OPEN_WITHDRAWABLE},
}

#: Who may fire each event. The lapse events are the scheduled job's alone (Art. 30; 109号);
#: the applicant's own (`APPLICANT_EVENTS`) may also come from the public page, see below.
EVENT_ROLES: dict[AppEvent, frozenset[str]] = {
    AppEvent.REGISTER: HANDLER_ROLES,
    AppEvent.REGISTER_UNCONFIRMED: HANDLER_ROLES,
    AppEvent.CONFIRM_RECEIPT: HANDLER_ROLES,
    AppEvent.REQUEST_CORRECTION: HANDLER_ROLES,
    AppEvent.CORRECTION_RECEIVED: HANDLER_ROLES,
    AppEvent.CORRECTION_LAPSED: SYSTEM,
    AppEvent.START_CONSULTATION: HANDLER_ROLES,
    AppEvent.END_CONSULTATION: HANDLER_ROLES,
    AppEvent.SEND_FEE_NOTICE: HANDLER_ROLES,
    AppEvent.FEE_PAID: HANDLER_ROLES,
    AppEvent.FEE_LAPSED: SYSTEM,
    AppEvent.ANSWER: HANDLER_ROLES,
    AppEvent.WITHDRAW: HANDLER_ROLES,
    AppEvent.ARCHIVE: HANDLER_ROLES,
}


#: What the applicant does through the public status page, without an account (`actor=None`).
APPLICANT_EVENTS: frozenset[AppEvent] = frozenset({AppEvent.CORRECTION_RECEIVED, AppEvent.WITHDRAW})


def by_applicant(actor: Actor, event: AppEvent) -> bool:
    """Whether `event` is fired by the applicant through the public page: fired with
    `check_roles=False`, since the page verified the 查询码 and number tail and the applicant
    holds no role. Any other event with `actor=None` is the system's (`SYSTEM` roles) or refused.
    """
    return actor is None and event in APPLICANT_EVENTS


def _roles_of(actor: Actor, app: Application) -> set[str]:
    return roles_for(actor, app.organ)


APP_MACHINE: StateMachine[AppStatus, AppEvent] = StateMachine(
    name="application",
    status=AppStatus,
    events=AppEvent,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=_roles_of,
    subject="申请",
    denied=NOT_HANDLER,
)

next_status = APP_MACHINE.next_status
allowed_events = APP_MACHINE.allowed_events


def audit_action(event: AppEvent) -> AuditAction:
    """The audit action `APP_MACHINE.fire` records for `event` (`application.<event>`)."""
    action: AuditAction = APP_MACHINE.actions[event.name]
    return action
