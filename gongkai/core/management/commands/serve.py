"""`gongkai serve`: the web site (gunicorn) plus the task worker and the scheduler.

Three things run side by side and stop together:
- gunicorn serving `config.wsgi:application` (static files through whitenoise from STATIC_ROOT);
- `gongkai db_worker` (django-tasks-db), running queued background tasks;
- a scheduler thread in this process enqueuing every task of the schedule registry
  (`GONGKAI["SCHEDULE"]`: scheduled release, overdue marking, lapse closing) at its interval,
  through `core/schedule.Scheduler`, the loop `gongkai scheduler` runs in production.
Ctrl-C or SIGTERM stops the scheduler, then asks each child to terminate, killing any that
linger. If a child dies on its own, everything stops and the exit status is non-zero.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.schedule import Scheduler, describe

STOP_GRACE_SECONDS = 15


def gunicorn_command(app: str, *, host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line of the web site; the portal benchmark serves its bare view
    with the same one (bench/portal_bench.py)."""
    return [
        sys.executable, "-m", "gunicorn", app,
        # Request-line limit and Chinese pages for what gunicorn refuses itself (414, 400).
        "--config", "python:config.gunicorn",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--graceful-timeout", "10",
        "--access-logfile", "-",
    ]  # fmt: skip


class Command(BaseCommand):
    help = "启动门户与后台（gunicorn）、后台任务进程和定时任务调度。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="端口（默认取环境变量 PORT，否则 8000）",
        )
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 工作进程数")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not 0 < port < 65536:
            raise CommandError("端口应在 1 至 65535 之间。")
        if options["workers"] < 1:
            raise CommandError("--workers 至少为 1。")
        self._ensure_static()
        scheduler = self.scheduler()
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            failed = self._serve(stop, scheduler, host, port, options["workers"])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("已停止。")
        if failed:
            sys.exit(1)

    def scheduler(self) -> Scheduler:
        """The registry's tasks, resolved before anything starts: a bad entry stops here."""
        try:
            return Scheduler.from_settings()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

    def _serve(
        self, stop: threading.Event, scheduler: Scheduler, host: str, port: int, workers: int
    ) -> bool:
        """Run until `stop` or a child's death (then True); everything is stopped on return."""
        children = self._start_children(host, port, workers)
        thread = scheduler.start(stop)
        self.stdout.write(
            f"门户：http://{host}:{port}/  后台：http://{host}:{port}/office/  "
            f"配置管理：http://{host}:{port}/admin/\n"
            f"定时任务：{describe(scheduler.entries)}\n按 Ctrl-C 停止。"
        )
        failed = ""
        while not stop.wait(1.0):
            for name, proc in children.items():
                if proc.poll() is not None:
                    failed = f"{name} 已退出（状态 {proc.returncode}），正在停止其他进程。"
                    stop.set()
                    break
        stop.set()
        if failed:
            self.stderr.write(failed)
        self._stop_children(children)
        thread.join(timeout=5)
        return bool(failed)

    def _ensure_static(self) -> None:
        """Without collected files the manifest storage fails every page; collect them once."""
        backend = settings.STORAGES["staticfiles"]["BACKEND"]
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if "Manifest" in backend and not manifest.exists():
            self.stdout.write(f"静态文件尚未收集，正在收集到 {settings.STATIC_ROOT} …")
            call_command("collectstatic", interactive=False, verbosity=0)

    def _start_children(
        self, host: str, port: int, workers: int
    ) -> dict[str, subprocess.Popen[bytes]]:
        web = gunicorn_command("config.wsgi:application", host=host, port=port, workers=workers)
        worker = [sys.executable, "-m", "gongkai.cli", "db_worker", "--no-startup-delay"]
        children: dict[str, subprocess.Popen[bytes]] = {}
        try:
            children["gunicorn"] = subprocess.Popen(web)  # noqa: S603 - our own interpreter
            children["db_worker"] = subprocess.Popen(worker)  # noqa: S603
        except OSError as exc:
            self._stop_children(children)
            raise CommandError(f"无法启动子进程：{exc}") from exc
        return children

    def _stop_children(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()
        for name, proc in children.items():
            try:
                proc.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.stderr.write(f"{name} 未按时退出，强制结束。")
                proc.kill()
                proc.wait()
