"""The periodic jobs of the work plans (`tasks.py`, `GONGKAI["SCHEDULE"]`), each idempotent.

- `workplans_remind_due`: `rules.REMINDER_DAYS` days before a task's deadline its lead organ's
  handlers are reminded, once per task, deadline and reminder (the inbox keeps one notice per
  recipient and key).
- `workplans_mark_overdue`: the day after the deadline of a task not yet done, once per task
  and deadline (marker `overdue_notified_at`): the lead organ's handlers and the assigning
  公开办 are told, and the audit log records it.
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
from gongkai.workplans.models import OPEN, Task
from gongkai.workplans.notices import handlers, office, task_link


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
