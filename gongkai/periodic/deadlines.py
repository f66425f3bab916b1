"""Time rules of periodic disclosure: the periods of a schedule and the due date of each.

Pure functions; every due date comes with its explanation (the calendar shows it). Counting
follows the project's convention (`core/workcal/calendar.py`, 民法典第二百零一条): the day the
period ends, or the trigger day, is not counted. A period counted in calendar days whose last day
is a day off ends on the next working day (民法典第二百零三条).

The periods are bounded: `periods_between` never yields more than `limit` periods, whatever
range it is asked for (issue 19: endless calendars are bounded).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    format_date,
    is_working_day,
)

MONTHS_IN = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
#: At most this many periods per schedule in any one computation (a calendar, a reminder run).
MAX_PERIODS = 60


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


@dataclass(frozen=True)
class Due:
    due_on: date
    explanation: str


def _label(frequency: str, start: date) -> str:
    if frequency == "monthly":
        return f"{start.year}年{start.month}月"
    if frequency == "quarterly":
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if frequency == "half_yearly":
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    return f"{start.year}年度"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(frequency: str, day: date) -> Period:
    """The period of a periodic schedule (monthly … yearly) that contains `day`."""
    months = MONTHS_IN[frequency]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end = _add_months(start, months) - timedelta(days=1)
    return Period(start, end, _label(frequency, start))


def periods_between(
    frequency: str, start: date, end: date, *, limit: int = MAX_PERIODS
) -> Iterator[Period]:
    """The periods that end within [start, end], oldest first, at most `limit` of them."""
    if frequency not in MONTHS_IN or end < start:
        return
    period = period_of(frequency, start)
    if period.end < start:  # pragma: no cover - a period always contains its own start day
        period = period_of(frequency, period.end + timedelta(days=1))
    count = 0
    while count < limit:
        if period.end > end:
            return
        if period.end >= start:
            yield period
            count += 1
        period = period_of(frequency, period.end + timedelta(days=1))


def _roll_to_working_day(day: date, cal: WorkCalendar) -> date:
    while not is_working_day(day, cal):
        day += timedelta(days=1)
    return day


def due_after(start: date, days: int, day_kind: str, cal: WorkCalendar, *, what: str) -> Due:
    """N days (or N working days) after `start`, which is not counted; `what` names the start."""
    if day_kind == "working":
        due = add_working_days(start, days, cal)
        why = f"{what}（{format_date(start)}）后第{days}个工作日"
        return Due(due, f"{why}，即{format_date(due)}。")
    plain = start + timedelta(days=days)
    due = _roll_to_working_day(plain, cal)
    why = f"{what}（{format_date(start)}）后{days}日内，至{format_date(plain)}"
    if due != plain:
        why += f"；该日为休息日，顺延至{format_date(due)}（民法典第二百零三条）"
    return Due(due, f"{why}。")


def due_after_period_end(period: Period, days: int, day_kind: str, cal: WorkCalendar) -> Due:
    """Monthly / quarterly figures (城乡低保, 救灾资金 …): due N days after the period ends.
    The number of days is the schedule's data (local practice or the cited document)."""
    return due_after(period.end, days, day_kind, cal, what=f"{period.label}期末")


def due_after_trigger(
    trigger_on: date, days: int, day_kind: str, cal: WorkCalendar, *, trigger_label: str
) -> Due:
    """Disclosures due after an event the organ records (预算批准, 决算批复, 事故调查结束 …)."""
    return due_after(trigger_on, days, day_kind, cal, what=trigger_label or "触发日期")


def budget_disclosure_due(approved_on: date, cal: WorkCalendar) -> Due:
    """《预算法》第十四条: 预算、决算 are published within 20 days of their approval (各部门
    within 20 days of the 财政部门's 批复). Calendar days; a last day off rolls forward."""
    return due_after(approved_on, 20, "calendar", cal, what="批准（批复）之日")


def remind_on(due_on: date, remind_days: int, cal: WorkCalendar) -> date:
    """The working day `remind_days` working days before the due date (the reminder's day)."""
    day = due_on
    counted = 0
    while counted < remind_days:
        day -= timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    return day


def disclosure_state(due_on: date | None, fulfilled_on: date | None, today: date) -> str:
    """待发布 / 已按时发布 / 逾期未发布 / 逾期发布 (`models.OccurrenceState` values).

    Published on the due date is on time (the period ends with that day); a period whose due date
    is not known yet (its trigger not recorded) is 待发布 until published."""
    if fulfilled_on is not None:
        return "late" if due_on is not None and fulfilled_on > due_on else "on_time"
    if due_on is not None and today > due_on:
        return "overdue"
    return "pending"
