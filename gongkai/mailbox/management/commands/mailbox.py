"""`gongkai mailbox remind|overdue|ratings`: the same services as the background tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.mailbox.models import Letter
from gongkai.mailbox.services.jobs import (
    mailbox_default_ratings,
    mailbox_mark_overdue,
    mailbox_remind_due,
)

JOBS = {
    "remind": (mailbox_remind_due, "已提醒", "今天没有需要提醒的留言。"),
    "overdue": (mailbox_mark_overdue, "已发出超期通知或预警", "没有新的超期留言或预警。"),
    "ratings": (mailbox_default_ratings, "逾期未评价，默认满意", "没有评价期限已过的留言。"),
}


class Command(BaseCommand):
    help = (
        "互动交流的定期任务：答复期限前提醒（remind）、超期通知和三个月否决线前的逐级预警"
        "（overdue）、逾期未评价默认满意（ratings）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=sorted(JOBS), help="remind、overdue 或 ratings")
        parser.add_argument("--today", help="按该日期判断（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD，例如 2026-03-02。") from None
        service, done, nothing = JOBS[options["action"]]
        ids = service(today=today)
        refs = Letter.objects.filter(pk__in=ids).order_by("pk").values_list("reference", flat=True)
        self.stdout.write(f"{done} {len(ids)} 件：{'、'.join(refs)}" if ids else nothing)
