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
from gongkai.workplans.models import Status, Task
from gongkai.workplans.signals import task_transitioned

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
