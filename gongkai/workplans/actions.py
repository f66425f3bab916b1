"""The staff actions of a task page and of a 督查 finding page, one
`gongkai.core.actions.Action` each.

`check()` decides both whether the page offers an action's form and whether its POST runs: the
machine's roles and table for a transition (`TASK_MACHINE.check`), the 公开办 of the task's
organ for a breakdown. A hidden button is never the guard. `execute()` calls one service.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form

from gongkai.core.actions import Action, ActionRegistry
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.workplans import forms as f
from gongkai.workplans import selectors
from gongkai.workplans.models import Finding, Status, Task
from gongkai.workplans.services import findings
from gongkai.workplans.services import tasks as svc
from gongkai.workplans.transitions import (
    FINDING_MACHINE,
    NOT_ALLOWED,
    TASK_MACHINE,
    Event,
    FindingEvent,
)


class TaskAction(Action[Task]):
    form_class: ClassVar[type[Form]] = f.EmptyForm
    done: ClassVar[str] = ""
    danger: ClassVar[bool] = False
    files: ClassVar[bool] = False

    @property
    def task(self) -> Task:
        return self.subject

    def check(self) -> None:
        if not self._roles_of(self.actor, self.task) & self.roles:
            raise PermissionDenied(NOT_ALLOWED)

    def form(self, data: Any = None) -> Form:
        return self.form_class(data)


class TransitionAction(TaskAction):
    event: ClassVar[Event]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event" in cls.__dict__:
            cls.roles = TASK_MACHINE.roles[cls.event]

    def check(self) -> None:
        super().check()
        TASK_MACHINE.check_state(self.task, self.event)


class Report(TransitionAction):
    name, label, event = "report", "报送进展", Event.REPORT
    form_class = f.ReportForm
    files = True
    done = "进展已报送，等待公开办验收。"

    def execute(self, **cd: Any) -> Any:
        return svc.task_report(
            actor=self.actor,
            task=self.task,
            text=cd["text"],
            links=cd.get("links", []),
            files=cd.get("files", []),
        )


class Accept(TransitionAction):
    name, label, event = "accept", "通过验收", Event.ACCEPT
    form_class = f.OptionalCommentForm
    done = "已通过验收，任务完成。"

    def execute(self, **cd: Any) -> Any:
        return svc.task_accept(actor=self.actor, task=self.task, comment=cd.get("comment", ""))


class Return(TransitionAction):
    name, label, event = "return", "退回", Event.RETURN
    form_class = f.CommentForm
    danger = True
    done = "已退回，承办单位将看到退回意见。"

    def execute(self, **cd: Any) -> Any:
        return svc.task_return(actor=self.actor, task=self.task, comment=cd["comment"])


class Breakdown(TaskAction):
    """分解: the 公开办 of the task's organ passes parts of it to the organs below."""

    name, label = "breakdown", "分解任务"
    done = "已分解并分派。"

    def check(self) -> None:
        if Role.ORGAN_ADMIN not in roles_for(self.actor, self.task.organ):
            raise PermissionDenied("只有承办机关的公开办管理员可以分解任务。")
        if self.task.status == Status.DONE:
            raise ValidationError("该任务已完成验收，不能再分解。")
        if not selectors.subtask_targets(self.task).exists():
            raise ValidationError("本机关没有下属机关，无需分解。")

    def form(self, data: Any = None) -> Form:
        return f.TaskForm(
            data,
            targets=selectors.subtask_targets(self.task),
            initial={"title": self.task.title, "deadline": self.task.deadline},
        )

    def execute(self, **cd: Any) -> Any:
        fields = svc.TaskFields(
            title=cd["title"],
            organ=cd["organ"],
            co_organs=list(cd.get("co_organs") or []),
            deadline=cd["deadline"],
            description=cd.get("description", ""),
            outputs=cd.get("outputs", ""),
            indicator=cd.get("indicator", ""),
        )
        return svc.task_assign(
            actor=self.actor, point=self.task.point, fields=fields, parent=self.task
        )


TASK_ACTIONS: ActionRegistry[Task] = ActionRegistry([Report, Accept, Return, Breakdown])


# ---- 督查 findings ----------------------------------------------------------------------------


class FindingAction(Action[Finding]):
    """A transition of a finding: the machine's roles and table decide (`FINDING_MACHINE`)."""

    event: ClassVar[FindingEvent]
    form_class: ClassVar[type[Form]] = f.EmptyForm
    done: ClassVar[str] = ""
    danger: ClassVar[bool] = False
    files: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event" in cls.__dict__:
            cls.roles = FINDING_MACHINE.roles[cls.event]

    @property
    def finding(self) -> Finding:
        return self.subject

    def check(self) -> None:
        if not self._roles_of(self.actor, self.finding) & self.roles:
            raise PermissionDenied(FINDING_MACHINE.denied)
        FINDING_MACHINE.check_state(self.finding, self.event)

    def form(self, data: Any = None) -> Form:
        return self.form_class(data)


class FindingStart(FindingAction):
    name, label, event = "start", "开始整改", FindingEvent.START
    done = "已开始整改。"

    def execute(self, **cd: Any) -> Any:
        return findings.finding_start(actor=self.actor, finding=self.finding)


class FindingSubmit(FindingAction):
    name, label, event = "submit", "报送整改", FindingEvent.SUBMIT
    form_class = f.RectifyForm
    files = True
    done = "整改情况已报送，等待组织督查的公开办核验。"

    def execute(self, **cd: Any) -> Any:
        return findings.finding_submit(
            actor=self.actor,
            finding=self.finding,
            text=cd["text"],
            links=cd.get("links", []),
            files=cd.get("files", []),
        )


class FindingVerify(FindingAction):
    name, label, event = "verify", "核验通过", FindingEvent.VERIFY
    form_class = f.OptionalCommentForm
    done = "已核验通过，问题整改完成。"

    def execute(self, **cd: Any) -> Any:
        return findings.finding_verify(
            actor=self.actor, finding=self.finding, comment=cd.get("comment", "")
        )


class FindingReturn(FindingAction):
    name, label, event = "return", "退回整改", FindingEvent.RETURN
    form_class = f.CommentForm
    danger = True
    done = "已退回，被督查机关将看到退回意见。"

    def execute(self, **cd: Any) -> Any:
        return findings.finding_return(
            actor=self.actor, finding=self.finding, comment=cd["comment"]
        )


FINDING_ACTIONS: ActionRegistry[Finding] = ActionRegistry(
    [FindingStart, FindingSubmit, FindingVerify, FindingReturn]
)
