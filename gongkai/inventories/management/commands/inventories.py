"""`gongkai inventories reviews [--today YYYY-MM-DD]`: the 负面清单 review job by hand (the
task's service)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.inventories.services.reviews import reviews_due


class Command(BaseCommand):
    help = "清单：负面清单到期复核提醒。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["reviews"])
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        done = reviews_due(today=options["today"])
        self.stdout.write(f"发出提醒 {done['notices']} 条，涉及清单 {done['lists']} 份。")
