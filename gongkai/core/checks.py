"""System checks of the core app (run by `gongkai check`, `migrate`, `runserver`, …)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, register
from django.core.checks import Error as CheckError
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured
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


@register("gongkai")
def gongkai_settings_valid(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E010: a `GONGKAI` key that is not declared in `core/conf.py` (a misspelling is otherwise
    silently ignored); E011: a declared key with the wrong type or an invalid value."""
    if app_configs is not None and not any(a.label == "core" for a in app_configs):
        return []
    from gongkai.core.conf import problems

    configured = getattr(settings, "GONGKAI", {})
    if not isinstance(configured, Mapping):
        return [CheckError("设置 GONGKAI 应为字典。", id="gongkai.E011")]
    return [
        CheckError(
            problem.message + "。",
            hint=(
                "可用的项及其类型、默认值见 gongkai/core/conf.py（GongkaiSettings）。"
                if problem.unknown
                else "类型与取值范围见 gongkai/core/conf.py（GongkaiSettings）。"
            ),
            obj="settings.GONGKAI",
            id="gongkai.E010" if problem.unknown else "gongkai.E011",
        )
        for problem in problems(configured)
    ]


@register("gongkai")
def schedule_entries_resolve(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E020: an entry of the schedule registry (`GONGKAI["SCHEDULE"]`) that does not import, is
    not a django-tasks task, or wants arguments."""
    if app_configs is not None and not any(a.label == "core" for a in app_configs):
        return []
    from gongkai.core.schedule import resolve

    schedule = getattr(settings, "GONGKAI", {}).get("SCHEDULE", {})
    if not isinstance(schedule, Mapping):  # reported by E011
        return []
    messages: list[CheckMessage] = []
    for path in schedule:
        if not isinstance(path, str):  # reported by E011
            continue
        try:
            resolve(path)
        except ImproperlyConfigured as exc:
            messages.append(
                CheckError(
                    str(exc),
                    hint="GONGKAI['SCHEDULE'] 的键应为以 @task() 定义、不带参数的任务的完整路径。",
                    obj="settings.GONGKAI['SCHEDULE']",
                    id="gongkai.E020",
                )
            )
    return messages
