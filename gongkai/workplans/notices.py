"""Who is told about a task, and what, through the notification inbox (`inbox.services`).

- A task assigned: the lead organ's handlers (等我处理), its co-organs' handlers (通知).
- Progress reported: the assigning 公开办 (等我处理: 验收).
- A report returned: the lead organ's handlers (已退回).
- Accepted: nothing waits any more (the task's notices are settled).
- 督查 started: the inspected organs (通知); a finding raised or its 整改 returned: the organ's
  handlers; 整改 submitted: the organiser's 公开办 (核验); verified: settled.
Reminders before the deadline and the overdue notices come from the jobs (`services/jobs.py`).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import users_with_role
from gongkai.workplans.models import Finding, InspectionRound, Task
from gongkai.workplans.transitions import HANDLER_ROLES, Event, FindingEvent, RoundEvent


def task_link(task: Task) -> str:
    return reverse("workplans:task", args=[task.pk])


def handlers(organ: Organ) -> list[Any]:
    """The organ's own 采编 and 公开办管理员; the 公开办 above only where it has none."""
    people = list(users_with_role(organ, HANDLER_ROLES, inherited=False))
    return people or list(users_with_role(organ, HANDLER_ROLES))


def office(organ: Organ) -> list[Any]:
    """The 公开办管理员 of the organ, else of the nearest organ above with one."""
    for owner in [organ, *reversed(organ.ancestors())]:
        people = list(users_with_role(owner, {Role.ORGAN_ADMIN}, inherited=False))
        if people:
            return people
    return []


def task_notify(*, task_id: int, event: str, actor_id: int | None) -> None:
    """Tell whoever the task now waits for (called after the transition committed)."""
    task = (
        Task.objects.select_related("organ", "assigned_by", "plan")
        .prefetch_related("co_organs")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        return
    notices_settle(subject=task, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED])
    stamp = f"{task.updated_at:%Y%m%d%H%M%S%f}"
    common: dict[str, Any] = {"link": task_link(task), "subject": task, "exclude": [actor_id]}
    body = f"{task.plan.year}年{task.plan.title}：完成时限{task.deadline:%Y-%m-%d}"
    if event == Event.ASSIGN:
        notice_send(
            recipients=handlers(task.organ),
            kind=NoticeKind.WAITING,
            key=f"workplans.task:{task.pk}:assign",
            title=f"新分派的工作任务：{task.title[:80]}",
            body=body,
            organ=task.organ,
            **common,
        )
        for organ in task.co_organs.all():
            notice_send(
                recipients=handlers(organ),
                kind=NoticeKind.INFO,
                key=f"workplans.task:{task.pk}:co:{organ.pk}",
                title=f"配合{task.organ.display_name}办理：{task.title[:80]}",
                body=body,
                organ=organ,
                **common,
            )
    elif event == Event.REPORT:
        notice_send(
            recipients=office(task.assigned_by),
            kind=NoticeKind.WAITING,
            key=f"workplans.task:{task.pk}:report:{stamp}",
            title=f"工作任务进展待验收：{task.title[:80]}",
            body=f"{task.organ.name}报送了进展。",
            organ=task.assigned_by,
            **common,
        )
    elif event == Event.RETURN:
        notice_send(
            recipients=handlers(task.organ),
            kind=NoticeKind.RETURNED,
            key=f"workplans.task:{task.pk}:return:{stamp}",
            title=f"工作任务进展被退回：{task.title[:80]}",
            body=task.return_comment,
            organ=task.organ,
            **common,
        )
    elif event == Event.ACCEPT:
        notices_settle(subject=task)


# ---- 督查 rounds and findings ----------------------------------------------------------------


def finding_link(finding: Finding) -> str:
    return reverse("workplans:finding", args=[finding.pk])


def round_notify(*, round_id: int, event: str, actor_id: int | None) -> None:
    """A round started: the inspected organs' handlers are told (通知)."""
    if event != RoundEvent.START:
        return
    round_ = InspectionRound.objects.select_related("organ").filter(pk=round_id).first()
    if round_ is None:
        return
    for ro in round_.organs.select_related("organ"):
        notice_send(
            recipients=handlers(ro.organ),
            kind=NoticeKind.INFO,
            key=f"workplans.round:{round_.pk}:start:{ro.organ_id}",
            title=f"{round_.organ.display_name}开展督查：{round_.title[:80]}",
            body=f"督查时间{round_.starts_on:%Y-%m-%d}至{round_.ends_on:%Y-%m-%d}。{round_.scope[:200]}",
            link=reverse("workplans:findings"),
            organ=ro.organ,
            subject=round_,
            exclude=[actor_id],
        )


def finding_notify(*, finding_id: int, event: str, actor_id: int | None) -> None:
    """Tell whoever the finding now waits for (called after the transition committed)."""
    finding = Finding.objects.select_related("organ", "round__organ").filter(pk=finding_id).first()
    if finding is None:
        return
    notices_settle(subject=finding, kinds=[NoticeKind.WAITING, NoticeKind.RETURNED])
    stamp = f"{finding.updated_at:%Y%m%d%H%M%S%f}"
    common: dict[str, Any] = {
        "link": finding_link(finding),
        "subject": finding,
        "exclude": [actor_id],
    }
    title = finding.problem[:60]
    if event in (FindingEvent.RAISE, FindingEvent.RETURN):
        returned = event == FindingEvent.RETURN
        notice_send(
            recipients=handlers(finding.organ),
            kind=NoticeKind.RETURNED if returned else NoticeKind.WAITING,
            key=f"workplans.finding:{finding.pk}:{event}:{stamp}",
            title=f"{'整改被退回' if returned else '督查发现问题待整改'}：{title}",
            body=finding.review_comment if returned else f"整改期限{finding.deadline:%Y-%m-%d}。",
            organ=finding.organ,
            **common,
        )
    elif event == FindingEvent.SUBMIT:
        notice_send(
            recipients=office(finding.round.organ),
            kind=NoticeKind.WAITING,
            key=f"workplans.finding:{finding.pk}:submit:{stamp}",
            title=f"整改情况待核验：{title}",
            body=f"{finding.organ.name}报送了整改情况。",
            organ=finding.round.organ,
            **common,
        )
    elif event == FindingEvent.VERIFY:
        notices_settle(subject=finding)
