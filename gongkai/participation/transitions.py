"""The transition tables of 公众参与, on the shared core (`gongkai.core.fsm`).

Consultation (征求意见):

    登记 → 草稿 → 发布征求意见 → 征求意见中 → 办结 (only after the end date, with the
                                                  采纳情况反馈 published: `rules.close_refusal`)

Comment (意见):

    网上提交 → 待审核 ─┬ 公开显示 → 已公开 ─ 不予显示 → 不予显示 (with its reason)
                       └ 不予显示 ─────────────────────┘        (and back: 恢复显示)
    登记来信来函 (staff) → 已登记 (counted, grouped, not shown)

`CONSULTATION_MACHINE.fire` and `COMMENT_MACHINE.fire` are the only writers of the two status
fields. Who: 采编 and 公开办管理员 of the consultation's organ (`HANDLER_ROLES`); a citizen
submits with no account (`SUBMIT`, actor None, after the public form's checks).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.fsm import SYSTEM, Guard, InvalidTransition, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.participation import rules
from gongkai.participation.models import Comment, CommentStatus, Consultation, ConsultationStatus
from gongkai.participation.signals import comment_transitioned, consultation_transitioned

__all__ = [
    "COMMENT_MACHINE",
    "CONSULTATION_MACHINE",
    "HANDLER_ROLES",
    "NOT_HANDLER",
    "CommentEvent",
    "ConsultationEvent",
    "InvalidTransition",
]

#: Who runs consultations, surveys, proposals and 舆情 records: 采编 and the 公开办 (above too).
HANDLER_ROLES: frozenset[str] = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})
NOT_HANDLER = "您在该机关没有办理公众参与事项的权限。"


class ConsultationEvent(models.TextChoices):
    CREATE = "create", "登记征求意见"
    OPEN = "open", "发布征求意见"
    CLOSE = "close", "办结"


class CommentEvent(models.TextChoices):
    SUBMIT = "submit", "网上提交意见"
    RECORD = "record", "登记来信来函意见"
    SHOW = "show", "公开显示"
    HIDE = "hide", "不予显示"


CS = ConsultationStatus
MS = CommentStatus


def _may_close(consultation: Consultation) -> str | None:
    return rules.close_refusal(
        feedback_published=consultation.feedback_published_at is not None,
        ended=timezone.localdate() > consultation.ends_on,
    )


CONSULTATION_GUARDS: dict[ConsultationEvent, Guard] = {ConsultationEvent.CLOSE: _may_close}


def _consultation_roles(actor: Actor, consultation: Consultation) -> set[str]:
    return roles_for(actor, consultation.organ)


CONSULTATION_MACHINE: StateMachine[ConsultationStatus, ConsultationEvent] = StateMachine(
    name="consultation",
    status=ConsultationStatus,
    events=ConsultationEvent,
    transitions={
        (None, ConsultationEvent.CREATE): CS.DRAFT,
        (CS.DRAFT, ConsultationEvent.OPEN): CS.OPEN,
        (CS.OPEN, ConsultationEvent.CLOSE): CS.CLOSED,
    },
    roles=dict.fromkeys(ConsultationEvent, HANDLER_ROLES),
    roles_of=_consultation_roles,
    subject="征求意见",
    signal=consultation_transitioned,
    denied=NOT_HANDLER,
    guards=CONSULTATION_GUARDS,
)


def _comment_roles(actor: Actor, comment: Comment) -> set[str]:
    return roles_for(actor, comment.consultation.organ)


COMMENT_MACHINE: StateMachine[CommentStatus, CommentEvent] = StateMachine(
    name="comment",
    status=CommentStatus,
    events=CommentEvent,
    transitions={
        (None, CommentEvent.SUBMIT): MS.PENDING,
        (None, CommentEvent.RECORD): MS.RECORDED,
        (MS.PENDING, CommentEvent.SHOW): MS.SHOWN,
        (MS.PENDING, CommentEvent.HIDE): MS.HIDDEN,
        (MS.SHOWN, CommentEvent.HIDE): MS.HIDDEN,
        (MS.HIDDEN, CommentEvent.SHOW): MS.SHOWN,
    },
    roles={
        CommentEvent.SUBMIT: SYSTEM,  # actor None: the citizen, after the public form's checks
        CommentEvent.RECORD: HANDLER_ROLES,
        CommentEvent.SHOW: HANDLER_ROLES,
        CommentEvent.HIDE: HANDLER_ROLES,
    },
    roles_of=_comment_roles,
    subject="意见",
    signal=comment_transitioned,
    denied=NOT_HANDLER,
)
