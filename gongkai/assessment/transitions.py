"""The one transition table of an assessment scheme (and its results), on `gongkai.core.fsm`.

    编制中 ─ 提交审定 → 待审定 ─┬ 发布 → 已发布 ─ (a newer version published) → 已被新版本取代
      ↑                       └ 退回 ─┘

`SCHEME_MACHINE.fire` is the only writer of `Scheme.status`. Who: the 公开办管理员 of the
scheme's organ (or of an organ above it) drafts, computes and submits (`Role.ORGAN_ADMIN`); the
same office, or the head of its 公开工作机构 (`Role.GIO_HEAD`), publishes or returns. The
superseding is done by the service publishing the newer version (same transaction).
"""

from __future__ import annotations

from django.db import models

from gongkai.assessment.models import Scheme, Status
from gongkai.assessment.signals import scheme_transitioned
from gongkai.core.actors import Actor
from gongkai.core.fsm import Guard, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

S = Status
OFFICE = Role.ORGAN_ADMIN.value
REVIEWERS = frozenset({Role.ORGAN_ADMIN.value, Role.GIO_HEAD.value})
NOT_ALLOWED = "只有考核机关的公开办管理员可以办理考核。"


class Event(models.TextChoices):
    CREATE = "create", "制定考核方案"
    SUBMIT = "submit", "提交审定"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "发布考核结果"
    SUPERSEDE = "supersede", "被新版本取代"


TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.CREATE): S.DRAFT,
    (S.DRAFT, Event.SUBMIT): S.REVIEW,
    (S.REVIEW, Event.RETURN): S.DRAFT,
    (S.REVIEW, Event.PUBLISH): S.PUBLISHED,
    (S.PUBLISHED, Event.SUPERSEDE): S.SUPERSEDED,
}

EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.CREATE: frozenset({OFFICE}),
    Event.SUBMIT: frozenset({OFFICE}),
    Event.RETURN: REVIEWERS,
    Event.PUBLISH: REVIEWERS,
    Event.SUPERSEDE: REVIEWERS,
}


def _computed(scheme: Scheme) -> str | None:
    if scheme.pk is None or scheme.computed_at is None:
        return "考核结果尚未计算，请先计算再提交审定。"
    return None


GUARDS: dict[Event, Guard] = {Event.SUBMIT: _computed}


def scheme_roles(actor: Actor, scheme: Scheme) -> set[str]:
    return roles_for(actor, scheme.organ)


SCHEME_MACHINE: StateMachine[Status, Event] = StateMachine(
    name="assessment",
    status=Status,
    events=Event,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=scheme_roles,
    subject="考核方案",
    signal=scheme_transitioned,
    denied=NOT_ALLOWED,
    guards=GUARDS,
)
