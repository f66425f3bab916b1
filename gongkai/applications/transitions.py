"""The one transition table of an application (legal-rules §1.8).

Only `gongkai.applications.services.workflow.application_transition` writes `Application.status`.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.applications.models import AppStatus as S


class AppEvent(StrEnum):
    CONFIRM_RECEIPT = "confirm_receipt"  # Art. 31: both sides confirmed; the clock starts
    REQUEST_CORRECTION = "request_correction"  # Art. 30: one single 补正 notice
    CORRECTION_RECEIVED = "correction_received"  # Art. 30: the clock restarts
    CORRECTION_LAPSED = "correction_lapsed"  # Art. 30: deemed abandoned
    START_CONSULTATION = "start_consultation"  # Art. 32/34: clock paused
    END_CONSULTATION = "end_consultation"
    SEND_FEE_NOTICE = "send_fee_notice"  # 109号
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"  # deemed abandoned
    ANSWER = "answer"  # Art. 36: decision recorded with its outcome
    WITHDRAW = "withdraw"  # by the applicant
    ARCHIVE = "archive"  # Art. 45 归档


class InvalidTransition(Exception):
    """The table does not allow this event in the application's current state."""


_OPEN_WITHDRAWABLE = [
    S.AWAITING_CONFIRMATION,
    S.PROCESSING,
    S.CORRECTION,
    S.CONSULTING,
    S.FEE_PENDING,
]

TRANSITIONS: dict[tuple[S, AppEvent], S] = {
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

EVENT_LABELS: dict[AppEvent, str] = {
    AppEvent.CONFIRM_RECEIPT: "确认收到申请",
    AppEvent.REQUEST_CORRECTION: "告知补正",
    AppEvent.CORRECTION_RECEIVED: "收到补正",
    AppEvent.CORRECTION_LAPSED: "逾期未补正，终止处理",
    AppEvent.START_CONSULTATION: "征求意见",
    AppEvent.END_CONSULTATION: "征求意见结束",
    AppEvent.SEND_FEE_NOTICE: "发出收费通知",
    AppEvent.FEE_PAID: "已缴费",
    AppEvent.FEE_LAPSED: "逾期未缴费，终止处理",
    AppEvent.ANSWER: "作出答复",
    AppEvent.WITHDRAW: "撤回申请",
    AppEvent.ARCHIVE: "归档",
}


def next_status(current: str, event: AppEvent) -> S:
    try:
        return TRANSITIONS[(S(current), event)]
    except (KeyError, ValueError):
        label = S(current).label if current in S.values else current
        raise InvalidTransition(
            f"申请当前状态为“{label}”，不能执行“{EVENT_LABELS[event]}”。"
        ) from None


def allowed_events(current: str) -> list[AppEvent]:
    return [event for (status, event) in TRANSITIONS if status == current]
