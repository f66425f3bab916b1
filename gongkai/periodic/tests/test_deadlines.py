"""The time rules: periods, due dates (explained), reminder days and the four states."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.workcal.calendar import WorkCalendar
from gongkai.periodic.deadlines import (
    MAX_PERIODS,
    Period,
    budget_disclosure_due,
    disclosure_state,
    due_after_period_end,
    due_after_trigger,
    period_of,
    periods_between,
    remind_on,
)


@pytest.mark.parametrize(
    ("frequency", "day", "start", "end", "label"),
    [
        ("monthly", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
        ("monthly", date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("quarterly", date(2026, 5, 20), date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度"),
        ("quarterly", date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
        ("half_yearly", date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
        ("yearly", date(2026, 3, 3), date(2026, 1, 1), date(2026, 12, 31), "2026年度"),
    ],
)
def test_period_of(frequency: str, day: date, start: date, end: date, label: str) -> None:
    assert period_of(frequency, day) == Period(start, end, label)


def test_periods_between_lists_the_periods_ending_in_the_range() -> None:
    got = list(periods_between("quarterly", date(2026, 1, 1), date(2026, 9, 30)))
    assert [p.label for p in got] == ["2026年第一季度", "2026年第二季度", "2026年第三季度"]
    assert list(periods_between("monthly", date(2026, 5, 2), date(2026, 5, 30))) == []


def test_periods_between_is_bounded_for_an_endless_range() -> None:
    got = list(periods_between("monthly", date(1900, 1, 1), date(9999, 12, 31)))
    assert len(got) == MAX_PERIODS
    assert list(periods_between("event", date(2026, 1, 1), date(2026, 12, 31))) == []


@pytest.mark.parametrize(
    ("period_end", "days", "kind", "due", "words"),
    [
        # 15 calendar days after 30 April: 15 May 2026 is a Friday.
        (date(2026, 4, 30), 15, "calendar", date(2026, 5, 15), "后15日内"),
        # 15 days after 31 January 2026: 15 February falls in the 春节 days off → 24 February.
        (date(2026, 1, 31), 15, "calendar", date(2026, 2, 24), "顺延"),
        # 15 working days after 31 March 2026 (清明 4–6 April off).
        (date(2026, 3, 31), 15, "working", date(2026, 4, 22), "第15个工作日"),
    ],
)
def test_due_after_period_end(
    cal: WorkCalendar, period_end: date, days: int, kind: str, due: date, words: str
) -> None:
    period = period_of("monthly", period_end)
    result = due_after_period_end(period, days, kind, cal)
    assert result.due_on == due
    assert words in result.explanation


@pytest.mark.parametrize(
    ("approved", "due"),
    [
        (date(2026, 3, 2), date(2026, 3, 23)),  # 22 March is a Sunday → Monday 23 March
        (date(2026, 2, 10), date(2026, 3, 2)),  # 2 March, a Monday
        (date(2026, 9, 15), date(2026, 10, 8)),  # 5 October in 国庆 (1–7 October) → 8 October
    ],
)
def test_budget_disclosure_due_is_twenty_days_after_approval(
    cal: WorkCalendar, approved: date, due: date
) -> None:
    result = budget_disclosure_due(approved, cal)
    assert result.due_on == due
    assert "20日内" in result.explanation


def test_due_after_trigger_names_the_trigger(cal: WorkCalendar) -> None:
    result = due_after_trigger(
        date(2026, 3, 2), 20, "calendar", cal, trigger_label="财政部门批复预算"
    )
    assert result.explanation.startswith("财政部门批复预算（2026年3月2日）后20日内")


@pytest.mark.parametrize(
    ("due", "days", "remind"),
    [
        (date(2026, 5, 15), 3, date(2026, 5, 12)),  # Friday → Tuesday
        (date(2026, 5, 18), 1, date(2026, 5, 15)),  # Monday → the Friday before
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
    ],
)
def test_remind_on(cal: WorkCalendar, due: date, days: int, remind: date) -> None:
    assert remind_on(due, days, cal) == remind


@pytest.mark.parametrize(
    ("due", "fulfilled", "state"),
    [
        (date(2026, 5, 15), None, "overdue"),
        (date(2026, 5, 20), None, "pending"),  # the due day itself is not late
        (date(2026, 6, 15), None, "pending"),
        (None, None, "pending"),  # trigger not recorded yet
        (date(2026, 5, 15), date(2026, 5, 15), "on_time"),
        (date(2026, 5, 15), date(2026, 5, 16), "late"),
        (None, date(2026, 5, 1), "on_time"),
    ],
)
def test_disclosure_state(due: date | None, fulfilled: date | None, state: str) -> None:
    assert disclosure_state(due, fulfilled, date(2026, 5, 20)) == state
