"""The one transition table of a task (工作任务), on the shared core (`gongkai.core.fsm`).

    分派 → 办理中 → 报送进展 → 待验收 ─┬ 通过验收 → 已完成
                ↑                     └ 退回 → 已退回 ─ 报送进展 ─┘

`TASK_MACHINE.fire` is the only writer of `Task.status`; the services in `services/` call it
after their own checks, inside the transaction that holds the row lock. Audit actions are
`work_task.<event>`.

Who: the 公开办 that assigned the task (公开办管理员 of `assigned_by`, or of an organ above it)
assigns, accepts and returns it (`OFFICE`); the lead organ's 采编 and 公开办管理员 report on it
(`HANDLER`). Both are computed by `roles_of` from the one guard (`orgs.permissions.roles_for`).
"""

from __future__ import annotations

from django.db import models

from gongkai.core.actors import Actor
from gongkai.core.audit import AuditAction
from gongkai.core.fsm import Guard, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.workplans.models import (
    Finding,
    FindingStatus,
    InspectionRound,
    Result,
    RoundStatus,
    Status,
    Task,
)
from gongkai.workplans.signals import finding_transitioned, round_transitioned, task_transitioned

S = Status

#: The 公开办 that assigned the task (it accepts or returns what is reported).
OFFICE = "workplan_office"
#: Who reports on the task: the lead organ's 采编 and 公开办管理员.
HANDLER = "workplan_handler"
HANDLER_ROLES: frozenset[str] = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})
NOT_ALLOWED = "您在该机关没有办理此任务的权限。"


class Event(models.TextChoices):
    ASSIGN = "assign", "分派任务"
    REPORT = "report", "报送进展"
    ACCEPT = "accept", "通过验收"
    RETURN = "return", "退回"


TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, Event.REPORT): S.REPORTED,
    (S.RETURNED, Event.REPORT): S.REPORTED,
    (S.REPORTED, Event.ACCEPT): S.DONE,
    (S.REPORTED, Event.RETURN): S.RETURNED,
}

EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.ASSIGN: frozenset({OFFICE}),
    Event.REPORT: frozenset({HANDLER}),
    Event.ACCEPT: frozenset({OFFICE}),
    Event.RETURN: frozenset({OFFICE}),
}


def _subtasks_done(task: Task) -> str | None:
    """A task broken down is accepted only when its sub-tasks are (the organ answers for them)."""
    if task.pk is None or not task.subtasks.exclude(status=S.DONE).exists():
        return None
    return "该任务分解的下级任务尚未全部通过验收，暂不能验收。"


GUARDS: dict[Event, Guard] = {Event.ACCEPT: _subtasks_done}


def task_roles(actor: Actor, task: Task) -> set[str]:
    """OFFICE where the actor is 公开办管理员 of the assigning organ, HANDLER where it holds 采编
    or 公开办管理员 in the lead organ (a 公开办 above covers both)."""
    roles: set[str] = set()
    if Role.ORGAN_ADMIN in roles_for(actor, task.assigned_by):
        roles.add(OFFICE)
    if roles_for(actor, task.organ) & HANDLER_ROLES:
        roles.add(HANDLER)
    return roles


TASK_MACHINE: StateMachine[Status, Event] = StateMachine(
    name="work_task",
    status=Status,
    events=Event,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=task_roles,
    subject="任务",
    signal=task_transitioned,
    denied=NOT_ALLOWED,
    guards=GUARDS,
)


def audit_action(event: Event) -> AuditAction:
    """The audit action `TASK_MACHINE.fire` records for `event` (`work_task.<event>`)."""
    action: AuditAction = TASK_MACHINE.actions[event.name]
    return action


# ---- 督查 rounds and findings ----------------------------------------------------------------
#
#     计划 → 计划中 ─ 开始督查 → 督查中 ─ 结束督查 → 已结束
#
#     提出问题 → 待整改 ─ 开始整改 → 整改中 ─ 报送整改 → 待核验 ─┬ 核验通过 → 已整改
#                  └──────── 报送整改 ─────────┘    ↑            └ 退回 → 已退回 ─┐
#                                                   └──────── 报送整改 ───────────┘
#
# The organiser's 公开办管理员 (INSPECTOR) runs the round, raises findings and verifies or
# returns the 整改; the inspected organ's 采编 and 公开办管理员 (HANDLER) start and submit it.

#: The 公开办 that organised the round.
INSPECTOR = "inspection_office"
NOT_INSPECTOR = "只有组织督查的公开办管理员可以执行此操作。"
NOT_RECTIFIER = "只有被督查机关的采编或公开办管理员可以报送整改。"


class RoundEvent(models.TextChoices):
    PLAN = "plan", "制定督查"
    START = "start", "开始督查"
    CONCLUDE = "conclude", "结束督查"


ROUND_TRANSITIONS: dict[tuple[RoundStatus | None, RoundEvent], RoundStatus] = {
    (None, RoundEvent.PLAN): RoundStatus.PLANNED,
    (RoundStatus.PLANNED, RoundEvent.START): RoundStatus.IN_PROGRESS,
    (RoundStatus.IN_PROGRESS, RoundEvent.CONCLUDE): RoundStatus.CONCLUDED,
}


def _round_ready(round_: InspectionRound) -> str | None:
    """A round starts with organs to inspect and a checklist to inspect them on."""
    if round_.pk is None:
        return None
    if not round_.organs.exists():
        return "请先选定被督查机关。"
    if not round_.lines.exists():
        return "请先编制督查清单。"
    return None


def _round_filled(round_: InspectionRound) -> str | None:
    """A round concludes when every organ has a result on every line (不适用 counts)."""
    if round_.pk is None:
        return None
    wanted = round_.organs.count() * round_.lines.count()
    have = Result.objects.filter(line__round=round_).count()
    if have < wanted:
        return f"还有 {wanted - have} 项督查结果未填写，请填写完整后再结束督查。"
    return None


def round_roles(actor: Actor, round_: InspectionRound) -> set[str]:
    """INSPECTOR where the actor is 公开办管理员 of the organising organ (or above it)."""
    return {INSPECTOR} if Role.ORGAN_ADMIN in roles_for(actor, round_.organ) else set()


ROUND_MACHINE: StateMachine[RoundStatus, RoundEvent] = StateMachine(
    name="work_round",
    status=RoundStatus,
    events=RoundEvent,
    transitions=ROUND_TRANSITIONS,
    roles={e: frozenset({INSPECTOR}) for e in RoundEvent},
    roles_of=round_roles,
    subject="督查",
    signal=round_transitioned,
    denied=NOT_INSPECTOR,
    guards={RoundEvent.START: _round_ready, RoundEvent.CONCLUDE: _round_filled},
)


class FindingEvent(models.TextChoices):
    RAISE = "raise", "提出问题"
    START = "start", "开始整改"
    SUBMIT = "submit", "报送整改"
    VERIFY = "verify", "核验通过"
    RETURN = "return", "退回整改"


F = FindingStatus
FINDING_TRANSITIONS: dict[tuple[FindingStatus | None, FindingEvent], FindingStatus] = {
    (None, FindingEvent.RAISE): F.OPEN,
    (F.OPEN, FindingEvent.START): F.RECTIFYING,
    (F.OPEN, FindingEvent.SUBMIT): F.SUBMITTED,
    (F.RECTIFYING, FindingEvent.SUBMIT): F.SUBMITTED,
    (F.RETURNED, FindingEvent.SUBMIT): F.SUBMITTED,
    (F.SUBMITTED, FindingEvent.VERIFY): F.VERIFIED,
    (F.SUBMITTED, FindingEvent.RETURN): F.RETURNED,
}

FINDING_ROLES: dict[FindingEvent, frozenset[str]] = {
    FindingEvent.RAISE: frozenset({INSPECTOR}),
    FindingEvent.START: frozenset({HANDLER}),
    FindingEvent.SUBMIT: frozenset({HANDLER}),
    FindingEvent.VERIFY: frozenset({INSPECTOR}),
    FindingEvent.RETURN: frozenset({INSPECTOR}),
}


def finding_roles(actor: Actor, finding: Finding) -> set[str]:
    """INSPECTOR for the organiser's 公开办管理员; HANDLER for the inspected organ's 采编 and
    公开办管理员 (a 公开办 above covers both, as for tasks)."""
    roles = round_roles(actor, finding.round)
    if roles_for(actor, finding.organ) & HANDLER_ROLES:
        roles.add(HANDLER)
    return roles


FINDING_MACHINE: StateMachine[FindingStatus, FindingEvent] = StateMachine(
    name="work_finding",
    status=FindingStatus,
    events=FindingEvent,
    transitions=FINDING_TRANSITIONS,
    roles=FINDING_ROLES,
    roles_of=finding_roles,
    subject="问题",
    signal=finding_transitioned,
    denied="您没有办理此督查问题的权限。",
)
