"""Time rules: the minimum comment period (国务院令第713号), the proposal reply period (代表法
Art. 43, month ends), the 舆情 response limits by level (国办发〔2016〕61号)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gongkai.participation import deadlines

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("kind", "organ_days", "days"),
    [
        ("major_decision", None, 30),
        ("other", None, 7),
        ("other", 15, 15),
        ("major_decision", 5, 30),
    ],
)
def test_minimum_period(kind: str, organ_days: int | None, days: int) -> None:
    minimum = deadlines.minimum_period_days(
        kind, major_days=30, other_days=7, organ_days=organ_days
    )
    assert minimum == days


@pytest.mark.parametrize(
    ("kind", "length", "reason", "expect"),
    [
        ("major_decision", 30, "", None),  # 1–30 March: 30 days, both ends counted
        ("major_decision", 29, "", "一般不少于30日"),
        ("major_decision", 15, "防汛形势紧急", None),  # shortened, saying why
        ("other", 7, "", None),
        ("other", 6, "", "不少于7日"),
        ("other", 6, "情况紧急", "不少于7日"),  # only 重大行政决策 may be shortened
        ("other", 0, "", "不能早于开始日期"),
    ],
)
def test_period(kind: str, length: int, reason: str, expect: str | None) -> None:
    start = date(2026, 3, 1)
    problem = deadlines.period_problem(
        kind=kind,
        starts_on=start,
        ends_on=start + timedelta(days=length - 1),
        minimum=30 if kind == "major_decision" else 7,
        shortened_reason=reason,
    )
    assert (problem is None) if expect is None else (expect in str(problem))


@pytest.mark.parametrize(
    ("assigned", "complex_matter", "due"),
    [
        (date(2026, 3, 10), False, date(2026, 6, 10)),
        (date(2026, 11, 30), False, date(2027, 2, 28)),  # month end
        (date(2027, 11, 30), False, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 10), True, date(2026, 9, 10)),  # 涉及面广、处理难度大: six months
    ],
)
def test_proposal_due(assigned: date, complex_matter: bool, due: date) -> None:
    result = deadlines.proposal_due(
        assigned, complex_matter=complex_matter, months=3, complex_months=6
    )
    assert result.when == due and "交办" in result.explanation


@pytest.mark.parametrize(
    ("level", "response_h", "press_h"),
    [("critical", 5, 24), ("major", 5, 24), ("general", 48, None)],
)
def test_opinion_due(level: str, response_h: int, press_h: int | None) -> None:
    noticed = datetime(2026, 3, 6, 22, 0, tzinfo=TZ)  # a Friday night: hours run around the clock
    due = deadlines.opinion_due(
        noticed,
        level,
        response_hours={"critical": 5, "major": 5, "general": 48},
        press_hours={"critical": 24, "major": 24},
    )
    assert due.response == noticed + timedelta(hours=response_h)
    assert due.press == (noticed + timedelta(hours=press_h) if press_h else None)
    assert "61号" in due.explanation


def test_opinion_overdue() -> None:
    due = datetime(2026, 3, 7, 3, 0, tzinfo=TZ)
    assert deadlines.opinion_overdue(due=due, responded_at=None, now=due + timedelta(minutes=1))
    assert not deadlines.opinion_overdue(due=due, responded_at=due, now=due + timedelta(days=1))
    assert deadlines.opinion_overdue(
        due=due, responded_at=due + timedelta(hours=1), now=due + timedelta(days=1)
    )
