"""Working-day calendar: pure functions over a frozen `WorkCalendar` (legal-rules §6)."""

from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    default_calendar,
    is_working_day,
    working_days_between,
)

__all__ = [
    "WorkCalendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "working_days_between",
]
