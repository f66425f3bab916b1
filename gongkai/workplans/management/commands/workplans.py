"""`gongkai workplans remind|overdue`: the periodic jobs by hand (thin: call the service, print)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.workplans.services.jobs import workplans_mark_overdue, workplans_remind_due


class Command(BaseCommand):
    help = "工作要点任务：到期提醒（remind）、超期提醒（overdue）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["remind", "overdue"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "remind":
            done = workplans_remind_due()
            self.stdout.write(f"已提醒 {len(done)} 项任务。")
        else:
            done = workplans_mark_overdue()
            self.stdout.write(f"已发出 {len(done)} 项任务的超期提醒。")
