"""The calendar: due and overdue per organ subtree and month, bounded whatever is asked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.core.workcal.calendar import WorkCalendar
from gongkai.periodic import selectors
from gongkai.periodic.models import OccurrenceState, Schedule
from gongkai.periodic.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_month_window_is_bounded_with_a_chinese_note() -> None:
    window = selectors.month_window(date(2026, 5, 9), 10**9)
    assert window.start == date(2026, 5, 1)
    assert window.end == date(2028, 4, 30)
    assert "最多显示24个月" in window.note
    assert selectors.month_window(date(2026, 12, 9), 1).end == date(2026, 12, 31)
    assert selectors.month_window(date(2026, 5, 9), 0).note == ""


def test_calendar_of_a_month_lists_due_and_every_overdue(
    dibao: Schedule, budget: Schedule, organ: Any, cal: WorkCalendar
) -> None:
    rows = selectors.calendar(
        organs=[organ], window=selectors.month_window(date(2026, 5, 1), 1), today=TODAY, cal=cal
    )
    got = [(r.schedule.title, r.period.label, r.state) for r in rows]
    assert got == [
        ("城乡最低生活保障月度数据", "2026年1月", OccurrenceState.OVERDUE),
        ("城乡最低生活保障月度数据", "2026年2月", OccurrenceState.OVERDUE),
        ("城乡最低生活保障月度数据", "2026年3月", OccurrenceState.OVERDUE),
        ("城乡最低生活保障月度数据", "2026年4月", OccurrenceState.OVERDUE),
        ("部门预算", "2026年度", OccurrenceState.PENDING),  # waits for its 批复 date
    ]
    assert rows[-1].awaiting_trigger
    assert selectors.counts(rows)[OccurrenceState.OVERDUE] == 4


def test_calendar_for_an_endless_range_stays_bounded(
    dibao: Schedule, organ: Any, cal: WorkCalendar
) -> None:
    window = selectors.month_window(date(1900, 1, 1), 10**6)
    rows = selectors.calendar(organs=[organ], window=window, today=TODAY, cal=cal)
    assert window.note and len(rows) <= 60
    far = selectors.schedule_rows(
        dibao, start=date(1, 1, 1), end=date(9999, 1, 1), today=TODAY, cal=cal
    )
    assert len(far) == 60
