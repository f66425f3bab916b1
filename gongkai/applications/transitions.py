"""The one transition table of an application (legal-rules §1.8), on the shared core.

`APP_MACHINE.fire` (`gongkai.core.fsm`) is the only writer of `Application.status`: the
services in `services/intake.py` (the first status) and `services/workflow.py` call it after
their own checks, inside the transaction that holds the row lock. Audit actions are
`application.<event>`, derived from `AppEvent`.

Who may fire what: staff with a handling role in the case's organ (`HANDLER_ROLES`); the two
lapse events only the scheduled job (`SYSTEM`).

An answer (答复) is an official act of the organ and is signed off before it goes out: the handler
drafts it (outcome, reason; the letter text is previewed from the draft) and submits it; the 签发
(`Role.APPROVER`) signs it (→ 已答复, ready to deliver) or returns it with a comment. An organ whose
`Organ.answer_signoff` is 审核后签发 has the draft pass 审核 (`Role.REVIEWER`) first. Both paths are
in the one table below; the guards (`GUARDS`) read the organ's setting, so the path an organ does
not use is refused like any transition the table does not allow. The Art. 33 clock keeps running
while an answer waits: the answer date is the day it is signed (`Application.answered_on`).

The applicant acts without an account: the public status page registers an online application,
answers a 补正 notice and withdraws with `actor=None` and `check_roles=False`, after the page
verified the 查询码 and the phone or ID number tail (`views/public.py`).
"""

from __future__ import annotations

from django.db import models

from gongkai.applications.models import Application, AppStatus
from gongkai.core.actors import Actor
from gongkai.core.audit import AuditAction
from gongkai.core.fsm import SYSTEM, Guard, InvalidTransition, StateMachine
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import roles_for

__all__ = [
    "ANSWER_SUBMIT_EVENTS",
    "APPLICANT_EVENTS",
    "APPROVER_ROLES",
    "APP_MACHINE",
    "EVENT_ROLES",
    "EXTENSION_ROLES",
    "GUARDS",
    "HANDLER_ROLES",
    "NOT_HANDLER",
    "RETURN_EVENTS",
    "REVIEWER_ROLES",
    "TRANSITIONS",
    "AppEvent",
    "InvalidTransition",
    "allowed_events",
    "audit_action",
    "by_applicant",
    "next_status",
    "submit_event",
]

S = AppStatus

#: Roles that handle applications in the GIO working body (公开办); its head is one of them.
HANDLER_ROLES: frozenset[str] = frozenset(
    {Role.EDITOR, Role.REVIEWER, Role.APPROVER, Role.ORGAN_ADMIN, Role.GIO_HEAD}
)
#: 签发: signs answers off, and sets the Art. 35 delayed date (the organ's decision).
APPROVER_ROLES: frozenset[str] = frozenset({Role.APPROVER})
#: 审核 of an answer, where the organ uses it (`Organ.answer_signoff`).
REVIEWER_ROLES: frozenset[str] = frozenset({Role.REVIEWER})
#: Art. 33 para 2: an extension needs the consent of the head of the GIO working body
#: (政府信息公开工作机构负责人), a post the organ assigns (`Role.GIO_HEAD`).
EXTENSION_ROLES: frozenset[str] = frozenset({Role.GIO_HEAD})
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
    # Art. 36: the handler's draft answer goes to 审核 (organs that use it) or straight to 签发.
    SUBMIT_ANSWER_REVIEW = "submit_answer_review", "拟定答复送审核"
    SUBMIT_ANSWER_SIGNOFF = "submit_answer_signoff", "拟定答复送签发"
    REVIEW_ANSWER = "review_answer", "审核通过答复"
    RETURN_ANSWER_REVIEW = "return_answer_review", "审核退回答复"
    RETURN_ANSWER_SIGNOFF = "return_answer_signoff", "签发退回答复"
    ANSWER = "answer", "签发答复"  # Art. 36: the decision, signed, with its outcome
    WITHDRAW = "withdraw", "撤回申请"  # by the applicant (online, or recorded by staff)
    ARCHIVE = "archive", "归档"  # Art. 45 归档


_OPEN_WITHDRAWABLE = [
    S.AWAITING_CONFIRMATION,
    S.PROCESSING,
    S.CORRECTION,
    S.CONSULTING,
    S.FEE_PENDING,
    S.ANSWER_REVIEW,  # until the answer is signed the applicant may still withdraw
    S.ANSWER_SIGNOFF,
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
    # The answer: 拟定 → (审核 →) 签发; either step may send it back to the handler.
    (S.PROCESSING, AppEvent.SUBMIT_ANSWER_REVIEW): S.ANSWER_REVIEW,
    (S.PROCESSING, AppEvent.SUBMIT_ANSWER_SIGNOFF): S.ANSWER_SIGNOFF,
    (S.ANSWER_REVIEW, AppEvent.REVIEW_ANSWER): S.ANSWER_SIGNOFF,
    (S.ANSWER_REVIEW, AppEvent.RETURN_ANSWER_REVIEW): S.PROCESSING,
    (S.ANSWER_SIGNOFF, AppEvent.RETURN_ANSWER_SIGNOFF): S.PROCESSING,
    (S.ANSWER_SIGNOFF, AppEvent.ANSWER): S.ANSWERED,
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
    AppEvent.SUBMIT_ANSWER_REVIEW: HANDLER_ROLES,
    AppEvent.SUBMIT_ANSWER_SIGNOFF: HANDLER_ROLES,
    AppEvent.REVIEW_ANSWER: REVIEWER_ROLES,
    AppEvent.RETURN_ANSWER_REVIEW: REVIEWER_ROLES,
    AppEvent.RETURN_ANSWER_SIGNOFF: APPROVER_ROLES,
    AppEvent.ANSWER: APPROVER_ROLES,
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


def _with_review(app: Application) -> bool:
    """Whether the case's organ has answers pass 审核 before 签发 (its own setting)."""
    return app.organ.answer_signoff == Organ.AnswerSignoff.REVIEWER_APPROVER


def _needs_review(app: Application) -> str | None:
    if _with_review(app):
        return None
    return "本机关的答复由签发人直接签发，无需送审核。"


def _needs_signoff_only(app: Application) -> str | None:
    if not _with_review(app):
        return None
    return "本机关的答复须先经审核再送签发（机关设置：审核后签发）。"


#: Conditions beyond the state (`gongkai.core.fsm`): the organ's sign-off path. `fire` asks
#: them after the table, `check_state` for the buttons.
GUARDS: dict[AppEvent, Guard] = {
    AppEvent.SUBMIT_ANSWER_REVIEW: _needs_review,
    AppEvent.SUBMIT_ANSWER_SIGNOFF: _needs_signoff_only,
}
#: The two ways a draft answer leaves 办理中, one of which the organ's setting allows.
ANSWER_SUBMIT_EVENTS = (AppEvent.SUBMIT_ANSWER_REVIEW, AppEvent.SUBMIT_ANSWER_SIGNOFF)
#: Which event sends a draft back from each waiting state.
RETURN_EVENTS = {
    S.ANSWER_REVIEW: AppEvent.RETURN_ANSWER_REVIEW,
    S.ANSWER_SIGNOFF: AppEvent.RETURN_ANSWER_SIGNOFF,
}


APP_MACHINE: StateMachine[AppStatus, AppEvent] = StateMachine(
    name="application",
    status=AppStatus,
    events=AppEvent,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=_roles_of,
    subject="申请",
    denied=NOT_HANDLER,
    guards=GUARDS,
)

next_status = APP_MACHINE.next_status
allowed_events = APP_MACHINE.allowed_events


def submit_event(app: Application) -> AppEvent:
    """The event that submits a draft answer of `app`, by its organ's setting (the guards)."""
    return AppEvent.SUBMIT_ANSWER_REVIEW if _with_review(app) else AppEvent.SUBMIT_ANSWER_SIGNOFF


def audit_action(event: AppEvent) -> AuditAction:
    """The audit action `APP_MACHINE.fire` records for `event` (`application.<event>`)."""
    action: AuditAction = APP_MACHINE.actions[event.name]
    return action
