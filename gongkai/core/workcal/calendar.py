"""Pure working-day arithmetic.

Counting convention (legal-rules §1.8, DERIVED): the start date itself is never counted; day 1 is
the first working day after it. So a 20-working-day period starting on a Friday ends on the 20th
working day after that Friday. Make-up weekend workdays (调休上班) count as working days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and make-up workdays for the years it covers.

    Outside `years` the calendar falls back to plain weekdays and results are provisional.
    """

    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    years: frozenset[int]
    version: str = "builtin"
    notes: dict[int, str] = field(default_factory=dict, compare=False, hash=False)

    def covers(self, day: date) -> bool:
        return day.year in self.years


def is_working_day(day: date, cal: WorkCalendar) -> bool:
    if day in cal.makeup_workdays:
        return True
    if day in cal.holidays:
        return False
    return day.weekday() < 5


def add_working_days(start: date, n: int, cal: WorkCalendar) -> date:
    """The n-th working day after `start` (n >= 1); `start` itself is not counted."""
    if n < 0:
        raise ValueError("工作日天数不能为负数")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    return day


def working_days_between(start: date, end: date, cal: WorkCalendar) -> int:
    """Working days in (start, end]: how many working days have passed since `start` by `end`."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            count += 1
    return count


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """Calendar seeded from the chinese-calendar package (State Council notices 2004–2026)."""
    import chinese_calendar

    # chinese_calendar.holidays also lists weekends inside holiday blocks; harmless here.
    holidays = frozenset(chinese_calendar.holidays)
    makeup = frozenset(d for d in chinese_calendar.workdays if d.weekday() >= 5)
    years = frozenset(d.year for d in chinese_calendar.holidays)
    version = f"chinese-calendar-{getattr(chinese_calendar, '__version__', 'unknown')}"
    return WorkCalendar(holidays=holidays, makeup_workdays=makeup, years=years, version=version)


def publication_due(formed: date, cal: WorkCalendar | None = None, days: int = 20) -> date:
    """Art. 26: proactive information is published within 20 working days of its formation."""
    return add_working_days(formed, days, cal or default_calendar())


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def today() -> date:
    return _today()


__all__ = [
    "WorkCalendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "publication_due",
    "today",
    "working_days_between",
]
