"""The time rules (deadlines.py), with tables of real dates over holidays and month ends."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.workcal.calendar import seed_calendar
from gongkai.mailbox import deadlines as d

CAL = seed_calendar()
DAYS = {"consult": 5, "complaint": 15, "suggestion": 15, "help": 10}


@pytest.mark.parametrize(
    ("submitted", "days", "due"),
    [
        (date(2026, 3, 2), 2, date(2026, 3, 4)),  # Monday: Tue, Wed
        (date(2026, 3, 6), 2, date(2026, 3, 10)),  # Friday: over the weekend
        (date(2025, 9, 30), 2, date(2025, 10, 10)),  # National Day and 中秋 2025 (11 Oct 调休)
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # Spring Festival 2026: Sat 14 Feb is 调休
    ],
)
def test_screening_due(submitted: date, days: int, due: date) -> None:
    result = d.screening_due(submitted, CAL, days=days)
    assert result.day == due
    assert f"{days}个工作日" in result.explanation[0]


@pytest.mark.parametrize(
    ("kind", "accepted", "due"),
    [
        ("consult", date(2026, 3, 2), date(2026, 3, 9)),
        ("help", date(2026, 3, 2), date(2026, 3, 16)),
        ("complaint", date(2026, 3, 2), date(2026, 3, 23)),
        ("suggestion", date(2025, 9, 26), date(2025, 10, 23)),  # 28 Sep, 11 Oct: 调休 workdays
    ],
)
def test_reply_due_by_type(kind: str, accepted: date, due: date) -> None:
    result = d.reply_due(accepted, kind, CAL, days_by_type=DAYS)
    assert result.day == due
    assert "转办不重新计算" in result.explanation[0]


def test_extension_rules() -> None:
    assert d.check_extension(extended_before=False, days=10, maximum=10) is None
    assert "一次" in (d.check_extension(extended_before=True, days=1, maximum=10) or "")
    assert "1至10" in (d.check_extension(extended_before=False, days=0, maximum=10) or "")
    assert d.extended_reply_due(date(2026, 3, 23), 5, CAL).day == date(2026, 3, 30)


def test_rating_window() -> None:
    assert d.rating_due(date(2026, 3, 10), CAL, days=5).day == date(2026, 3, 17)


@pytest.mark.parametrize(
    ("submitted", "last"),
    [
        (date(2026, 3, 2), date(2026, 6, 2)),
        (date(2026, 11, 30), date(2027, 2, 28)),  # no 30 February
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
        (date(2026, 10, 15), date(2027, 1, 15)),  # over the year end
    ],
)
def test_veto_date_is_three_calendar_months(submitted: date, last: date) -> None:
    result = d.veto_date(submitted)
    assert result.day == last and "单项否决" in result.explanation[0]


@pytest.mark.parametrize(
    ("waited", "level"), [(0, 0), (29, 0), (30, 1), (44, 1), (45, 2), (60, 3), (200, 3)]
)
def test_alert_levels_come_long_before_the_veto(waited: int, level: int) -> None:
    submitted = date(2026, 1, 1)
    today = date.fromordinal(submitted.toordinal() + waited)
    assert d.alert_level(submitted, today, thresholds=(30, 45, 60)) == level


@pytest.mark.parametrize(("remaining", "expected"), [(5, None), (2, 2), (1, 1), (0, 1)])
def test_reminder_due(remaining: int, expected: int | None) -> None:
    assert d.reminder_due(remaining, (2, 1)) == expected


def test_handling_days_count_working_days() -> None:
    assert d.handling_working_days(date(2026, 3, 6), date(2026, 3, 13), CAL) == 5
