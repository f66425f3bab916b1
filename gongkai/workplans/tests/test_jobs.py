"""Reminders before a task's deadline and the overdue notice after it, each sent once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.orgs.models import Organ
from gongkai.workplans.models import Task
from gongkai.workplans.services.jobs import workplans_mark_overdue, workplans_remind_due
from gongkai.workplans.services.tasks import task_accept, task_report
from gongkai.workplans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_reminders_then_overdue_once(
    assign: Callable[..., Task], finance: Organ, housing: Organ, people: dict[str, Any]
) -> None:
    task = assign(finance, deadline=TODAY + timedelta(days=10))
    done = assign(housing, deadline=TODAY + timedelta(days=10))
    task_report(actor=people["housing"], task=done, text="已全部完成并公开。", on=TODAY)
    task_accept(actor=people["office"], task=done, on=TODAY)
    assert workplans_remind_due(today=TODAY) == []  # 10 days left: no reminder yet
    week = TODAY + timedelta(days=4)
    assert workplans_remind_due(today=week) == [task.pk]
    assert workplans_remind_due(today=week) == []  # the same reminder is not sent twice
    due_soon = Notice.objects.get(recipient=people["finance"], kind="due_soon")
    assert "还剩 6 天" in due_soon.title
    workplans_remind_due(today=task.deadline)
    assert Notice.objects.filter(recipient=people["finance"], kind="due_soon").count() == 2
    assert workplans_mark_overdue(today=task.deadline) == []  # due today: not overdue yet
    after = task.deadline + timedelta(days=1)
    assert workplans_mark_overdue(today=after) == [task.pk]
    assert workplans_mark_overdue(today=after + timedelta(days=1)) == []
    overdue = Notice.objects.filter(kind="overdue")
    told = {people["finance"], people["finance_admin"], people["office"]}
    assert {n.recipient for n in overdue} == told
    assert AuditEvent.objects.filter(action="work_task.overdue").count() == 1
    # The reminders no longer wait once the task is overdue.
    assert not Notice.objects.filter(kind="due_soon", settled_at__isnull=True).exists()


def test_jobs_are_scheduled_and_run_by_hand(
    assign: Callable[..., Task], finance: Organ, people: dict[str, Any]
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from gongkai.core.schedule import scheduled_tasks
    from gongkai.workplans import tasks

    paths = {entry.path for entry in scheduled_tasks()}
    assert {"gongkai.workplans.tasks.remind_due", "gongkai.workplans.tasks.mark_overdue"} <= paths
    task = assign(finance)
    Task.objects.filter(pk=task.pk).update(deadline=TODAY - timedelta(days=400))
    out = StringIO()
    call_command("workplans", "overdue", stdout=out)
    assert "已发出 1 项任务的超期提醒" in out.getvalue()
    assert tasks.mark_overdue.call() == []  # already told: nothing more
    assert tasks.remind_due.call() == []
