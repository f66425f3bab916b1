"""Periodic tasks: the registry `GONGKAI["SCHEDULE"]` and the loop enqueuing each at its interval.

The registry maps a django-tasks task's dotted path to an interval in seconds; it is spelt out
once in `config/settings/base.py`, and an app adds its periodic jobs there. Two processes read it
through this module: `gongkai serve` (development, `make run`: a thread beside gunicorn and the
task worker) and `gongkai scheduler` (production: a process of its own, exactly one per
deployment). Both only enqueue; `gongkai db_worker` runs the tasks. Every scheduled task must be
idempotent (lock and re-check), because a restart, a slow worker or a second scheduler can make
two runs overlap. System check `gongkai.E020` reports an entry that does not import or is not a
task taking no arguments.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResult

from gongkai.core.conf import gongkai_settings

logger = logging.getLogger(__name__)

#: The loop wakes at least this often, so a stop request is seen promptly in any case.
MAX_SLEEP_SECONDS = 60.0


@dataclass(frozen=True)
class ScheduledTask:
    path: str  # dotted path, as in the registry
    interval: float  # seconds between two enqueues
    task: Task[[], Any]


@dataclass(frozen=True)
class Enqueued:
    """What one tick did with one entry: the result, or why enqueuing failed."""

    path: str
    result: TaskResult[Any] | None
    error: str = ""


def resolve(path: str) -> Task[[], Any]:
    """The task at `path`; ImproperlyConfigured when it does not import, is no task or wants
    arguments (the scheduler enqueues with none)."""
    try:
        obj = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"定时任务 {path} 无法导入：{exc}") from exc
    if not isinstance(obj, Task):
        raise ImproperlyConfigured(
            f"定时任务 {path} 不是 django-tasks 任务（应以 @task() 定义），"
            f"而是 {type(obj).__name__}。"
        )
    required = [
        p.name
        for p in inspect.signature(obj.func).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if obj.takes_context:
        required = required[1:]
    if required:
        raise ImproperlyConfigured(
            f"定时任务 {path} 需要参数 {', '.join(required)}；定时调度不带参数排队。"
        )
    return obj


def scheduled_tasks() -> list[ScheduledTask]:
    """Every registry entry, resolved (ImproperlyConfigured on the first bad one)."""
    return [
        ScheduledTask(path=path, interval=float(interval), task=resolve(path))
        for path, interval in gongkai_settings().SCHEDULE.items()
    ]


class Scheduler:
    """Enqueues each entry when due: all at the first tick (a restart catches up at once), then
    each again `interval` seconds after its last enqueue. Time is `clock()` (monotonic), so a
    change of the wall clock neither skips nor repeats runs."""

    def __init__(
        self, entries: Sequence[ScheduledTask], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.entries = tuple(entries)
        self.clock = clock
        self._next_at: dict[str, float] = {}

    @classmethod
    def from_settings(cls, **kwargs: Any) -> Scheduler:
        return cls(scheduled_tasks(), **kwargs)

    @property
    def paths(self) -> list[str]:
        return [e.path for e in self.entries]

    def due(self, now: float | None = None) -> list[ScheduledTask]:
        now = self.clock() if now is None else now
        return [e for e in self.entries if self._next_at.get(e.path, now) <= now]

    def seconds_until_next(self, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        if not self.entries:
            return MAX_SLEEP_SECONDS
        soonest = min(self._next_at.get(e.path, now) for e in self.entries)
        return max(0.0, min(soonest - now, MAX_SLEEP_SECONDS))

    def tick(self, now: float | None = None) -> list[Enqueued]:
        """Enqueue every due entry once. A failure is logged and retried at the next interval;
        it never stops the other entries."""
        now = self.clock() if now is None else now
        done: list[Enqueued] = []
        for entry in self.due(now):
            self._next_at[entry.path] = now + entry.interval
            try:
                done.append(Enqueued(entry.path, entry.task.enqueue()))
            except Exception as exc:  # keep scheduling; the next run may work
                logger.exception("定时任务 %s 排队失败", entry.path)
                done.append(Enqueued(entry.path, None, f"{type(exc).__name__}: {exc}"))
        return done

    def run(self, stop: threading.Event) -> None:
        """Tick until `stop` is set. Meant for a thread or process of its own: it closes stale
        database connections after each tick, as a request does (never call it inside a test's
        transaction; call `tick()` there)."""
        try:
            while not stop.is_set():
                self.tick()
                close_old_connections()
                stop.wait(self.seconds_until_next())
        finally:
            connections.close_all()

    def start(self, stop: threading.Event) -> threading.Thread:
        """`run` in a daemon thread."""
        thread = threading.Thread(target=self.run, args=(stop,), name="gongkai-scheduler")
        thread.daemon = True
        thread.start()
        return thread


def describe(entries: Sequence[ScheduledTask]) -> str:
    """One line for the console: which tasks run how often."""
    return "；".join(f"{e.path.rsplit('.', 1)[-1]} 每 {e.interval:g} 秒" for e in entries) or "无"
