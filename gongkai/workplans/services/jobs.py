"""The periodic jobs of the work plans (`tasks.py`, `GONGKAI["SCHEDULE"]`), each idempotent.

- `workplans_remind_due`: `rules.REMINDER_DAYS` days before a task's deadline its lead organ's
  handlers are reminded, once per task, deadline and reminder (the inbox keeps one notice per
  recipient and key).
- `workplans_mark_overdue`: the day after the deadline of a task not yet done, once per task
  and deadline (marker `overdue_notified_at`): the lead organ's handlers and the assigning
  公开办 are told, and the audit log records it.
- `findings_remind_due` / `findings_mark_overdue`: the same for the 整改期限 of 督查 findings
  not yet submitted (marker `Finding.overdue_notified_at`).
Each task is locked and re-checked, so two overlapping runs act once.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle
from gongkai.workplans import rules
from gongkai.workplans.audit import WorkplansAudit
from gongkai.workplans.models import FINDING_OPEN, OPEN, Finding, Task
from gongkai.workplans.notices import finding_link, handlers, office, task_link


def workplans_remind_due(*, today: date | None = None) -> list[int]:
    """Send the reminders that apply today; the tasks reminded now."""
    today = today or timezone.localdate()
    horizon = max(rules.REMINDER_DAYS)
    reminded = []
    qs = Task.objects.filter(
        status__in=OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=horizon)
    ).select_related("organ", "plan")
    for task in qs.order_by("pk"):
        left = (task.deadline - today).days
        n = rules.reminder_due(left)
        if n is None:
            continue
        key = f"workplans.task:{task.pk}:due:{task.deadline.isoformat()}:remind:{n}"
        when = "今日到期" if left == 0 else f"还剩 {left} 天"
        sent = notice_send(
            recipients=handlers(task.organ),
            kind=NoticeKind.DUE_SOON,
            key=key,
            title=f"工作任务即将到期（{when}）：{task.title[:80]}",
            body=f"{task.plan.year}年{task.plan.title}：完成时限{task.deadline:%Y-%m-%d}。",
            link=task_link(task),
            organ=task.organ,
            subject=task,
        )
        notices_settle(subject=task, kinds=[NoticeKind.DUE_SOON], keep_key=key)
        if sent:
            reminded.append(task.pk)
    return reminded


@transaction.atomic
def _overdue(task_id: int, today: date) -> bool:
    task = (
        Task.objects.select_for_update()
        .select_related("organ", "assigned_by", "plan")
        .get(pk=task_id)
    )
    if task.overdue_notified_at is not None or task.status not in OPEN or task.deadline >= today:
        return False
    task.overdue_notified_at = timezone.now()
    task.save(update_fields=["overdue_notified_at", "updated_at"])
    audit_record(
        actor=None, action=WorkplansAudit.TASK_OVERDUE, obj=task, organ_id=task.organ_id,
        data={"deadline": task.deadline.isoformat()},
    )  # fmt: skip
    notice_send(
        recipients=[*handlers(task.organ), *office(task.assigned_by)],
        kind=NoticeKind.OVERDUE,
        key=f"workplans.task:{task.pk}:due:{task.deadline.isoformat()}:overdue",
        title=f"工作任务已超期：{task.title[:80]}",
        body=f"{task.organ.name}承担的任务完成时限为{task.deadline:%Y-%m-%d}，目前仍未完成。",
        link=task_link(task),
        organ=task.organ,
        subject=task,
    )
    notices_settle(subject=task, kinds=[NoticeKind.DUE_SOON])
    return True


def workplans_mark_overdue(*, today: date | None = None) -> list[int]:
    """Overdue notices for the tasks past their deadline and not done; the tasks told now."""
    today = today or timezone.localdate()
    ids = Task.objects.filter(
        status__in=OPEN, deadline__lt=today, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True)
    return [pk for pk in list(ids) if _overdue(pk, today)]


# ---- 督查 findings: before the 整改期限 and when it has passed ------------------------------


def findings_remind_due(*, today: date | None = None) -> list[int]:
    """`rules.REMINDER_DAYS` days before a finding's 整改期限, the organ's handlers are
    reminded, once per finding, deadline and reminder. The findings reminded now."""
    today = today or timezone.localdate()
    horizon = max(rules.REMINDER_DAYS)
    qs = Finding.objects.filter(
        status__in=FINDING_OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=horizon)
    ).select_related("organ", "round")
    reminded = []
    for finding in qs.order_by("pk"):
        left = (finding.deadline - today).days
        n = rules.reminder_due(left)
        if n is None:
            continue
        key = f"workplans.finding:{finding.pk}:due:{finding.deadline.isoformat()}:remind:{n}"
        when = "今日到期" if left == 0 else f"还剩 {left} 天"
        sent = notice_send(
            recipients=handlers(finding.organ),
            kind=NoticeKind.DUE_SOON,
            key=key,
            title=f"督查问题整改即将到期（{when}）：{finding.problem[:60]}",
            body=f"{finding.round.title}：整改期限{finding.deadline:%Y-%m-%d}。",
            link=finding_link(finding),
            organ=finding.organ,
            subject=finding,
        )
        notices_settle(subject=finding, kinds=[NoticeKind.DUE_SOON], keep_key=key)
        if sent:
            reminded.append(finding.pk)
    return reminded


@transaction.atomic
def _finding_overdue(finding_id: int, today: date) -> bool:
    finding = (
        Finding.objects.select_for_update()
        .select_related("organ", "round__organ")
        .get(pk=finding_id)
    )
    if (
        finding.overdue_notified_at is not None
        or finding.status not in FINDING_OPEN
        or finding.deadline >= today
    ):
        return False
    finding.overdue_notified_at = timezone.now()
    finding.save(update_fields=["overdue_notified_at", "updated_at"])
    audit_record(
        actor=None, action=WorkplansAudit.FINDING_OVERDUE, obj=finding, organ_id=finding.organ_id,
        data={"deadline": finding.deadline.isoformat()},
    )  # fmt: skip
    notice_send(
        recipients=[*handlers(finding.organ), *office(finding.round.organ)],
        kind=NoticeKind.OVERDUE,
        key=f"workplans.finding:{finding.pk}:due:{finding.deadline.isoformat()}:overdue",
        title=f"督查问题整改已超期：{finding.problem[:60]}",
        body=f"{finding.organ.name}的整改期限为{finding.deadline:%Y-%m-%d}，目前仍未报送整改。",
        link=finding_link(finding),
        organ=finding.organ,
        subject=finding,
    )
    notices_settle(subject=finding, kinds=[NoticeKind.DUE_SOON])
    return True


def findings_mark_overdue(*, today: date | None = None) -> list[int]:
    """Overdue notices (organ and organiser) for findings past their 整改期限 and not yet
    submitted, once per finding and deadline (marker `overdue_notified_at`)."""
    today = today or timezone.localdate()
    ids = Finding.objects.filter(
        status__in=FINDING_OPEN, deadline__lt=today, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True)
    return [pk for pk in list(ids) if _finding_overdue(pk, today)]
