"""Keeps an application's stored due date in step with its recorded dates.

The rules themselves are pure functions in `gongkai.applications.deadlines`; this module only
gathers the application's dates, calls them and stores the result with its explanation and the
calendar version it used (so a later calendar change can show what moved).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from gongkai.applications.models import Application
from gongkai.core.workcal.calendar import add_working_days, default_calendar, is_working_day

ANSWER_DAYS = 20  # Art. 33
CORRECTION_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_REPLY_DAYS = 15  # Art. 32, Art. 34
PAYMENT_DAYS = 20  # 109号 as implemented (legal-rules §3)


def reply_window_end(sent_on: date) -> date:
    return add_working_days(sent_on, CONSULTATION_REPLY_DAYS, default_calendar())


def payment_window_end(notice_on: date) -> date:
    return add_working_days(notice_on, PAYMENT_DAYS, default_calendar())


def correction_notice_due(app: Application) -> date:
    """Art. 30: the one 补正 notice is due by working day 7 after receipt."""
    start = app.receipt_date or app.submitted_on
    return add_working_days(start, CORRECTION_NOTICE_DAYS, default_calendar())


def _excluded_days(app: Application) -> set[date]:
    """Working days after each letter was sent up to and including the reply (Art. 33 para 3)."""
    cal = default_calendar()
    days: set[date] = set()
    spans: list[tuple[date, date]] = []
    if app.pk:
        for c in app.consultations.all():
            spans.append((c.sent_on, c.replied_on or c.reply_due))
    if app.fee_notice_on and settings.GONGKAI.get("FEE_TIME_EXCLUDED", True):
        spans.append((app.fee_notice_on, app.fee_paid_on or payment_window_end(app.fee_notice_on)))
    for start, end in spans:
        day = start + timedelta(days=1)
        while day <= end:
            if is_working_day(day, cal):
                days.add(day)
            day += timedelta(days=1)
    return days


def application_recompute_due(app: Application, *, save: bool) -> None:
    if app.clock_start is None:
        app.due_date = None
        app.due_explanation = []
    else:
        cal = default_calendar()
        excluded = {d for d in _excluded_days(app) if d > app.clock_start}
        total = ANSWER_DAYS + app.extension_days
        # Walk forward: excluded days do not count towards the period.
        day, counted = app.clock_start, 0
        while counted < total:
            day += timedelta(days=1)
            if is_working_day(day, cal) and day not in excluded:
                counted += 1
        app.due_date = day
        app.due_provisional = not all(
            y in cal.years for y in range(app.clock_start.year, day.year + 1)
        )
        app.calendar_version = cal.version
        app.due_explanation = [
            f"自{app.clock_start:%Y年%m月%d日}次日起计算第{total}个工作日"
            + (f"（含延长{app.extension_days}个工作日）" if app.extension_days else ""),
            *([f"征求意见或缴费期间{len(excluded)}个工作日不计算在内"] if excluded else []),
        ]
    if save and app.pk:
        app.save(
            update_fields=[
                "due_date",
                "due_provisional",
                "due_explanation",
                "calendar_version",
                "updated_at",
            ]
        )
