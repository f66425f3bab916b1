"""Date helpers for the demo: working days, the three-year window, plausible times of day."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.core.workcal.calendar import default_calendar, is_working_day


def on_or_before_working_day(day: date) -> date:
    cal = default_calendar()
    while not is_working_day(day, cal):
        day -= timedelta(days=1)
    return day


def on_or_after_working_day(day: date) -> date:
    cal = default_calendar()
    while not is_working_day(day, cal):
        day += timedelta(days=1)
    return day


def minus_working_days(day: date, n: int) -> date:
    """The working day n working days before `day` (mirror of add_working_days)."""
    cal = default_calendar()
    counted = 0
    while counted < n:
        day -= timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    return day


def plus_working_days(day: date, n: int) -> date:
    cal = default_calendar()
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    return day


def office_time(rng: random.Random, day: date, *, after: datetime | None = None) -> datetime:
    """An aware datetime during office hours on `day`, later than `after` when given."""
    tz = timezone.get_current_timezone()
    minutes = rng.randint(8 * 60 + 40, 17 * 60 + 20)
    moment = datetime.combine(day, time(minutes // 60, minutes % 60, rng.randint(0, 59)), tz)
    if after is not None and moment <= after:
        moment = after + timedelta(minutes=rng.randint(5, 90))
    return moment


def formation_lag(rng: random.Random) -> int:
    """Working days from formation to publication: mostly well inside Art. 26's 20, a few late."""
    roll = rng.random()
    if roll < 0.85:
        return rng.randint(1, 10)
    if roll < 0.95:
        return rng.randint(11, 19)
    return rng.randint(22, 35)  # late: the timeliness reports should have something to show


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
