"""`gongkai applications mark-overdue|close-lapsed|remind`: the same services as the background
tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.applications.models import Application
from gongkai.applications.services.reminders import applications_remind_due
from gongkai.applications.services.workflow import (
    applications_close_lapsed,
    applications_mark_overdue,
)


def _refs(ids: list[int]) -> str:
    refs = Application.objects.filter(pk__in=ids).select_related("organ").order_by("pk")
    return "、".join(f"{a.organ.display_name} {a.reference}" for a in refs)


class Command(BaseCommand):
    help = (
        "依申请公开的定期任务：标记超期申请（mark-overdue）、"
        "终止逾期未补正或未缴费的申请（close-lapsed）、到期前提醒（remind）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{mark-overdue,close-lapsed,remind}"
        )
        sub.add_parser("mark-overdue", help="标记已超过答复期限的申请并通知（每件只通知一次）")
        lapsed = sub.add_parser("close-lapsed", help="终止补正期限或缴费期限已过的申请")
        lapsed.add_argument("--today", help="按该日期判断（YYYY-MM-DD，默认今天）")
        remind = sub.add_parser("remind", help="答复期限前5、3、1个工作日提醒承办人和公开办")
        remind.add_argument("--today", help="按该日期判断（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "mark-overdue":
            ids = applications_mark_overdue()
            if ids:
                self.stdout.write(self.style.WARNING(f"新标记超期申请 {len(ids)} 件：{_refs(ids)}"))
            else:
                self.stdout.write("没有新的超期申请。")
            return
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD，例如 2026-03-02。") from None
        if options["action"] == "remind":
            ids = applications_remind_due(today=today)
            self.stdout.write(
                f"已提醒 {len(ids)} 件：{_refs(ids)}" if ids else "今天没有需要提醒的申请。"
            )
            return
        ids = applications_close_lapsed(today=today)
        if ids:
            self.stdout.write(self.style.SUCCESS(f"已终止处理 {len(ids)} 件：{_refs(ids)}"))
        else:
            self.stdout.write("没有逾期未补正或未缴费的申请。")
