"""Stale tasks (issue 16, faults): a task left RUNNING by a worker killed with -9 is queued again,
and failed once it has killed its worker too often; each recovery is one log line."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.core.conf import gongkai_settings
from gongkai.core.tasks_recovery import STALE_EXCEPTION, recover_stale_tasks, stale_tasks_recover

TASK = "gongkai.catalog.tasks.release_scheduled_items"


def _left_running(*, minutes_ago: float, attempts: int = 1) -> DBTaskResult:
    """The row `db_worker` leaves behind when killed mid-task: claimed, never finished."""
    now = timezone.now()
    row: DBTaskResult = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=TASK,
        backend_name="default",
        queue_name="default",
        run_after=now - timedelta(minutes=minutes_ago + 1),
        started_at=now - timedelta(minutes=minutes_ago),
        worker_ids=[f"worker-{uuid.uuid4().hex[:8]}" for _ in range(attempts)],
        exception_class_path="",
        traceback="",
    )
    return row


@pytest.mark.django_db
def test_a_task_left_running_by_a_killed_worker_is_queued_again(caplog: Any) -> None:
    stale = _left_running(minutes_ago=gongkai_settings().STALE_TASK_MINUTES + 5)
    young = _left_running(minutes_ago=1)  # a worker still busy with it: left alone
    with caplog.at_level(logging.WARNING, logger="gongkai.core.tasks_recovery"):
        result = stale_tasks_recover()
    assert result.requeued == [str(stale.pk)] and result.failed == []
    stale.refresh_from_db()
    young.refresh_from_db()
    assert stale.status == TaskResultStatus.READY and stale.started_at is None
    assert stale in DBTaskResult.objects.ready()  # the next worker picks it up
    assert young.status == TaskResultStatus.RUNNING
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and TASK in lines[0] and "已重新排队" in lines[0]
    assert str(stale.pk) in lines[0]
    # A second run finds nothing more to do.
    assert stale_tasks_recover().requeued == []


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_is_failed(caplog: Any, settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "STALE_TASK_MINUTES": 10, "STALE_TASK_ATTEMPTS": 3}
    looping = _left_running(minutes_ago=11, attempts=3)
    with caplog.at_level(logging.WARNING, logger="gongkai.core.tasks_recovery"):
        result = stale_tasks_recover()
    assert result.failed == [str(looping.pk)]
    looping.refresh_from_db()
    assert looping.status == TaskResultStatus.FAILED and looping.finished_at is not None
    assert looping.exception_class_path == STALE_EXCEPTION
    assert "不再重试" in looping.traceback
    assert any("标记为失败" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_the_time_limit_is_a_setting(settings: Any) -> None:
    row = _left_running(minutes_ago=20)
    settings.GONGKAI = {**settings.GONGKAI, "STALE_TASK_MINUTES": 30}
    assert stale_tasks_recover().requeued == []
    settings.GONGKAI = {**settings.GONGKAI, "STALE_TASK_MINUTES": 15}
    assert stale_tasks_recover().requeued == [str(row.pk)]


@pytest.mark.django_db
def test_the_recovery_is_in_the_schedule_registry_and_runs_as_a_task() -> None:
    path = "gongkai.core.tasks_recovery.recover_stale_tasks"
    assert path in gongkai_settings().SCHEDULE
    row = _left_running(minutes_ago=gongkai_settings().STALE_TASK_MINUTES + 1)
    result = recover_stale_tasks.enqueue()  # the test settings run tasks inline
    assert result.return_value == {"requeued": [str(row.pk)], "failed": []}
