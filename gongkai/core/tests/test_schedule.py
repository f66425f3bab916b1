"""The schedule registry (`GONGKAI["SCHEDULE"]`), its loop, its check and the two commands."""

from __future__ import annotations

import io
import threading
import time
from typing import Any, cast

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued, task_finished

from gongkai.core import checks
from gongkai.core.conf import gongkai_settings
from gongkai.core.management.commands import serve
from gongkai.core.schedule import ScheduledTask, Scheduler, resolve, scheduled_tasks
from gongkai.core.tests import scheduled

PING = "gongkai.core.tests.scheduled.ping"
PONG = "gongkai.core.tests.scheduled.pong"
#: The jobs that must run under `make run` (issue 12: the overdue and lapse jobs never ran).
REQUIRED_JOBS = {
    "gongkai.catalog.tasks.release_scheduled_items",
    "gongkai.applications.tasks.mark_overdue",
    "gongkai.applications.tasks.close_lapsed",
}


@pytest.fixture
def fake_registry(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "SCHEDULE": {PING: 60, PONG: 3600}}
    scheduled.CALLS.clear()


def test_the_registry_holds_every_periodic_job_and_each_resolves() -> None:
    registry = gongkai_settings().SCHEDULE
    assert set(registry) >= REQUIRED_JOBS
    assert [e.path for e in scheduled_tasks()] == list(registry)
    assert checks.schedule_entries_resolve() == []


@pytest.mark.usefixtures("fake_registry")
def test_first_tick_runs_everything_then_each_at_its_interval() -> None:
    scheduler = Scheduler.from_settings(clock=lambda: 0.0)
    done = scheduler.tick(now=1000.0)
    assert [d.path for d in done] == [PING, PONG]
    assert all(d.result and d.result.status == TaskResultStatus.SUCCESSFUL for d in done)
    assert scheduled.CALLS == ["ping", "pong"]
    assert scheduler.tick(now=1059.0) == []
    assert scheduler.seconds_until_next(now=1059.0) == pytest.approx(1.0)
    assert [d.path for d in scheduler.tick(now=1060.0)] == [PING]
    assert [d.path for d in scheduler.tick(now=4600.0)] == [PING, PONG]
    assert scheduled.CALLS == ["ping", "pong", "ping", "ping", "pong"]


def test_a_failing_enqueue_is_logged_and_the_others_still_run(caplog: Any) -> None:
    class Broken:
        def enqueue(self) -> Any:
            raise ConnectionError("数据库不可用")

    broken = ScheduledTask("x.broken", 10, cast(Any, Broken()))
    ping = ScheduledTask(PING, 10, resolve(PING))
    scheduler = Scheduler([broken, ping])
    done = scheduler.tick(now=0.0)
    assert done[0].result is None and "数据库不可用" in done[0].error
    assert done[1].result is not None
    assert "x.broken" in caplog.text
    # Retried at the next interval, not at once.
    assert scheduler.tick(now=5.0) == []
    assert [d.path for d in scheduler.tick(now=10.0)] == ["x.broken", PING]


def test_run_ticks_until_stopped() -> None:
    stop = threading.Event()
    now = [0.0]
    scheduler = Scheduler([ScheduledTask(PING, 0.01, resolve(PING))], clock=lambda: now[0])
    scheduled.CALLS.clear()

    def advance(**kwargs: Any) -> None:
        now[0] += 0.01
        if len(scheduled.CALLS) >= 3:
            stop.set()

    task_enqueued.connect(advance, dispatch_uid="test-run-ticks")
    try:
        thread = scheduler.start(stop)
        thread.join(timeout=10)
    finally:
        task_enqueued.disconnect(dispatch_uid="test-run-ticks")
    assert not thread.is_alive()
    assert scheduled.CALLS[:3] == ["ping", "ping", "ping"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("gongkai.core.tests.scheduled.missing", "无法导入"),
        ("gongkai.core.tests.scheduled.not_a_task", "不是 django-tasks 任务"),
        ("gongkai.core.tests.scheduled.needs_argument", "需要参数 organ_id"),
    ],
)
def test_bad_entries_are_refused_and_reported(path: str, message: str, settings: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        resolve(path)
    settings.GONGKAI = {**settings.GONGKAI, "SCHEDULE": {PING: 60, path: 60}}
    errors = checks.schedule_entries_resolve()
    assert [e.id for e in errors] == ["gongkai.E020"]
    assert path in errors[0].msg and message in errors[0].msg
    with pytest.raises(CommandError, match=message):
        call_command("scheduler", "--once")
    with pytest.raises(CommandError, match=message):
        serve.Command().scheduler()


@pytest.mark.django_db
def test_one_tick_of_the_real_registry_runs_every_job() -> None:
    """Under the immediate backend of the tests, enqueuing runs the task: every job runs."""
    done = Scheduler.from_settings().tick()
    assert [d.path for d in done] == list(gongkai_settings().SCHEDULE)
    assert {d.path: d.result and d.result.status for d in done} == dict.fromkeys(
        gongkai_settings().SCHEDULE, TaskResultStatus.SUCCESSFUL
    )


@pytest.mark.django_db
def test_scheduler_command_once_and_list() -> None:
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    for path in gongkai_settings().SCHEDULE:
        assert f"{path}：已完成" in out.getvalue()
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    lines = dict(line.split("\t") for line in out.getvalue().splitlines())
    assert lines == {p: f"{i:g}" for p, i in gongkai_settings().SCHEDULE.items()}


class _Child:
    """A stand-in for gunicorn and the worker: it 'exits' once the scheduler has enqueued every
    registered task (or after 30 s), which makes `serve` stop everything."""

    def __init__(self, done: threading.Event) -> None:
        self.done = done
        self.returncode: int | None = None
        self.deadline = time.monotonic() + 30

    def poll(self) -> int | None:
        if self.done.is_set() or time.monotonic() > self.deadline:
            self.returncode = 0
        return self.returncode

    def terminate(self) -> None:
        self.returncode = 0

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.mark.django_db(transaction=True)
def test_serve_schedules_every_registry_entry(monkeypatch: Any) -> None:
    """`gongkai serve` (make run) enqueues every task of the registry in its scheduler thread."""
    registry = set(gongkai_settings().SCHEDULE)
    assert registry >= REQUIRED_JOBS
    enqueued: set[str] = set()
    finished: dict[str, str] = {}
    all_done = threading.Event()

    def on_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.add(task_result.task.module_path)

    def on_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        finished[task_result.task.module_path] = task_result.status
        if set(finished) >= registry:
            all_done.set()

    monkeypatch.setattr(
        serve.Command, "_start_children", lambda self, *a: {"gunicorn": _Child(all_done)}
    )
    task_enqueued.connect(on_enqueued, dispatch_uid="test-serve-enqueued")
    task_finished.connect(on_finished, dispatch_uid="test-serve-finished")
    out = io.StringIO()
    try:
        with pytest.raises(SystemExit):  # the stand-in child "exits", so serve stops
            call_command("serve", stdout=out, stderr=io.StringIO())
    finally:
        task_enqueued.disconnect(dispatch_uid="test-serve-enqueued")
        task_finished.disconnect(dispatch_uid="test-serve-finished")
    assert enqueued == registry
    assert finished == dict.fromkeys(registry, TaskResultStatus.SUCCESSFUL)
    for path in registry:
        assert path.rsplit(".", 1)[-1] in out.getvalue()  # the start line names every job
