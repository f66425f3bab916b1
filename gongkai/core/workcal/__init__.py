"""Working-day calendar: pure functions over a frozen `WorkCalendar` (legal-rules §6).

`default_calendar()` is the current calendar from the database (latest version), falling back to the
chinese-calendar seed; see README.md in this package.
"""

from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    default_calendar,
    format_date,
    is_working_day,
    seed_calendar,
    uncertain_years,
    working_days_between,
)

__all__ = [
    "WorkCalendar",
    "add_working_days",
    "default_calendar",
    "format_date",
    "is_working_day",
    "seed_calendar",
    "uncertain_years",
    "working_days_between",
]
