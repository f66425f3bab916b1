"""`gongkai registers lapse [--today YYYY-MM-DD]`: the lapse job by hand (the task's service)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.registers.services.register import registers_lapse_due


class Command(BaseCommand):
    help = "规范性文件登记：到期提醒与届满失效。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["lapse"])
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        done = registers_lapse_due(today=options["today"])
        self.stdout.write(f"提醒 {len(done['notified'])} 件，失效 {len(done['lapsed'])} 件。")
