"""System checks of the core app (run by `gongkai check`, `migrate`, `runserver`, …)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning
from django.utils import timezone

# The State Council publishes next year's holiday notice between October and December
# (legal-rules §6.1); from this month on, a missing notice for next year puts late-December and
# January deadlines at risk.
NEXT_YEAR_WARNING_FROM_MONTH = 11


@register("gongkai")
def calendar_years_loaded(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W001: next year's notice missing from 1 November; W002: this year's notice missing."""
    if app_configs is not None and not any(a.label == "core" for a in app_configs):
        return []
    from gongkai.core.workcal.calendar import default_calendar

    today = timezone.localdate()
    cal = default_calendar()
    messages: list[CheckMessage] = []
    hint = (
        "导入国务院办公厅节假日安排通知：gongkai workcal import 文件.yaml"
        "（格式见 gongkai/core/workcal/README.md），或在配置管理中编辑。"
    )
    if today.year not in cal.confirmed:
        messages.append(
            CheckWarning(
                f"工作日历缺少{today.year}年（本年度）的节假日安排通知，期限按法定节假日推定，结果为暂定。",
                hint=hint,
                id="gongkai.W002",
            )
        )
    if today.month >= NEXT_YEAR_WARNING_FROM_MONTH and today.year + 1 not in cal.confirmed:
        messages.append(
            CheckWarning(
                f"工作日历尚未导入{today.year + 1}年节假日安排通知；跨年的答复期限为暂定，"
                f"{today.year}年12月下旬的日期也可能调整。",
                hint=hint,
                id="gongkai.W001",
            )
        )
    return messages
