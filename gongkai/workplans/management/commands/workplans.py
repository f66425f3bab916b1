"""`gongkai workplans remind|overdue|findings`: the periodic jobs by hand (thin: call the
service, print)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.workplans.services.jobs import (
    findings_mark_overdue,
    findings_remind_due,
    workplans_mark_overdue,
    workplans_remind_due,
)


class Command(BaseCommand):
    help = "工作要点任务：到期提醒（remind）、超期提醒（overdue）；督查问题整改提醒（findings）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["remind", "overdue", "findings"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "findings":
            reminded, late = findings_remind_due(), findings_mark_overdue()
            self.stdout.write(f"督查问题：到期提醒 {len(reminded)} 项，超期提醒 {len(late)} 项。")
        elif options["job"] == "remind":
            done = workplans_remind_due()
            self.stdout.write(f"已提醒 {len(done)} 项任务。")
        else:
            done = workplans_mark_overdue()
            self.stdout.write(f"已发出 {len(done)} 项任务的超期提醒。")
