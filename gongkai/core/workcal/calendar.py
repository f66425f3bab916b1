"""Pure working-day arithmetic.

Counting convention (legal-rules §1.8, DERIVED from 民法典 Art. 201 "开始的当日不计入"): the
start date itself is never counted; day 1 is the first working day after it. So a 20-working-day
period starting on a Friday ends on the 20th working day after that Friday. Make-up weekend
workdays (调休上班) count as working days.

A `WorkCalendar` knows the days off and make-up workdays of the years whose notice is loaded. For
any other year it falls back to weekdays minus the statutory holidays of
《全国年节及纪念日放假办法》 (`statutory.py`), and every date that depends on such a day is
provisional (§6.3 item 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from gongkai.core.workcal.statutory import statutory_holidays

# The notice for year N+1 can move days from about 29 December of N on (2019 notice: 2018-12-29
# became a workday; 2024 notice: 2023-12-30/31 off). Days from this date on stay uncertain until
# N+1 is loaded.
LATE_DECEMBER_FROM_DAY = 20


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and make-up workdays for the years it covers.

    `years`: years with data (a loaded notice, or days entered for a 暂定 year).
    `confirmed_years`: years whose official notice is loaded (已发布通知); None means `years`.
    """

    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    years: frozenset[int]
    version: str = "builtin"
    confirmed_years: frozenset[int] | None = None
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def confirmed(self) -> frozenset[int]:
        return self.years if self.confirmed_years is None else self.confirmed_years

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_certain(self, day: date) -> bool:
        """True when no future notice can change whether `day` is a working day (§6.3 item 3)."""
        if day.year not in self.confirmed:
            return False
        if day.month == 12 and day.day >= LATE_DECEMBER_FROM_DAY:
            return day.year + 1 in self.confirmed
        return True

    def day_name(self, day: date) -> str:
        """Why the day is special ("春节", "国庆节"), or "" for an ordinary day."""
        if day in self.names:
            return self.names[day]
        if day.year not in self.years:
            return statutory_holidays(day.year).get(day, "")
        return ""


def is_working_day(day: date, cal: WorkCalendar) -> bool:
    if day in cal.makeup_workdays:
        return True
    if day in cal.holidays:
        return False
    if day.weekday() >= 5:
        return False
    if day.year in cal.years:
        return True
    return day not in statutory_holidays(day.year)


def add_working_days(start: date, n: int, cal: WorkCalendar) -> date:
    """The n-th working day after `start` (n >= 0); `start` itself is not counted."""
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


def uncertain_years(start: date, end: date, cal: WorkCalendar) -> frozenset[int]:
    """Years of the days in (start, end] that a notice not yet loaded could still change."""
    years: set[int] = set()
    day = start
    while day < end:
        day += timedelta(days=1)
        if not cal.is_certain(day):
            # A late-December day waits for the next year's notice.
            years.add(day.year if day.year not in cal.confirmed else day.year + 1)
    return frozenset(years)


def default_calendar() -> WorkCalendar:
    """The current calendar: the latest version in the database, else the chinese-calendar seed."""
    from gongkai.core.workcal.store import current_calendar

    return current_calendar()


def seed_calendar() -> WorkCalendar:
    """The chinese-calendar seed (2004–2026) without touching the database."""
    from gongkai.core.workcal.content import seed_calendar as seed

    return seed()


def publication_due(formed: date, cal: WorkCalendar | None = None, days: int = 20) -> date:
    """Art. 26: proactive information is published within 20 working days of its formation."""
    return add_working_days(formed, days, cal or default_calendar())


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def today() -> date:
    return _today()


def format_date(day: date) -> str:
    """2026年3月2日 — the way dates are written in Chinese official documents."""
    return f"{day.year}年{day.month}月{day.day}日"


__all__ = [
    "WorkCalendar",
    "add_working_days",
    "default_calendar",
    "format_date",
    "is_working_day",
    "publication_due",
    "seed_calendar",
    "today",
    "uncertain_years",
    "working_days_between",
]
