"""`gongkai release_scheduled`: publish due 待定时发布 items now (same service as the task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.catalog.services.workflow import items_release_scheduled


class Command(BaseCommand):
    help = "发布已到定时发布时间的信息（与后台任务 release_scheduled_items 相同）。"

    def handle(self, *args: Any, **options: Any) -> None:
        released = items_release_scheduled()
        if released:
            ids = "、".join(str(pk) for pk in released)
            self.stdout.write(
                self.style.SUCCESS(f"已定时发布 {len(released)} 条信息（编号 {ids}）。")
            )
        else:
            self.stdout.write("没有到期的定时发布信息。")
