"""`gongkai scheduler`: the schedule registry's loop as a process of its own (production).

A production deployment runs three kinds of process: gunicorn (`config.wsgi:application`), one or
more `gongkai db_worker`, and exactly one `gongkai scheduler`, which enqueues every task of
`GONGKAI["SCHEDULE"]` at its interval for the workers to run. `gongkai serve` (`make run`) runs
the same loop (`core/schedule.Scheduler`) in a thread. `--once` enqueues every task once and
exits (for a cron job, or to run the jobs by hand); `--list` only shows the registry.
SIGINT/SIGTERM stop the loop between ticks.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from gongkai.core.schedule import Scheduler, describe

STATUS_WORDS = {
    TaskResultStatus.READY: "已排队",
    TaskResultStatus.RUNNING: "运行中",
    TaskResultStatus.SUCCESSFUL: "已完成",  # run inline (GONGKAI_TASKS_IMMEDIATE)
    TaskResultStatus.FAILED: "失败",
}


class Command(BaseCommand):
    help = "按 GONGKAI['SCHEDULE'] 定时将任务排队（生产环境单独运行一个此进程）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="每个任务排队一次后退出")
        parser.add_argument("--list", action="store_true", help="只列出定时任务及间隔")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scheduler = Scheduler.from_settings()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if options["list"]:
            for entry in scheduler.entries:
                self.stdout.write(f"{entry.path}\t{entry.interval:g}")
            return
        if options["once"]:
            failed = False
            for done in scheduler.tick():
                if done.result is None:
                    failed = True
                    self.stderr.write(f"{done.path}：排队失败（{done.error}）")
                elif done.result.status == TaskResultStatus.FAILED:
                    failed = True
                    self.stderr.write(f"{done.path}：{STATUS_WORDS[done.result.status]}")
                else:
                    self.stdout.write(f"{done.path}：{STATUS_WORDS[done.result.status]}")
            if failed:
                raise CommandError("有定时任务未能排队。")
            return
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        self.stdout.write(f"定时任务：{describe(scheduler.entries)}\n按 Ctrl-C 停止。")
        try:
            scheduler.run(stop)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("已停止。")
