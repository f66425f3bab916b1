"""Fixtures of the periodic disclosure tests: the global `organ` (a city department) with one
person per post (`staff`), an outsider, a fixed day and the built-in calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.core.workcal.calendar import WorkCalendar, seed_calendar
from gongkai.periodic.models import Schedule
from gongkai.periodic.services.schedules import schedule_from_template

#: Wednesday 20 May 2026: the April 低保 figures are overdue (due 15 May), May's are not due.
TODAY = date(2026, 5, 20)


@pytest.fixture
def cal() -> WorkCalendar:
    return seed_calendar()


@pytest.fixture
def outsider(make_user: Callable[..., Any]) -> Any:
    return make_user("pd-outsider")


@pytest.fixture
def dibao(organ: Any, staff: dict[str, Any]) -> Schedule:
    """城乡低保 monthly from the template, from January 2026 (due 15 days after each month)."""
    return schedule_from_template(
        actor=staff["organ_admin"], organ=organ, code="dibao-monthly", starts_on=date(2026, 1, 1)
    )


@pytest.fixture
def budget(organ: Any, staff: dict[str, Any]) -> Schedule:
    """部门预算: due 20 days after the 财政部门's 批复 (预算法第十四条)."""
    return schedule_from_template(
        actor=staff["organ_admin"],
        organ=organ,
        code="department-budget",
        starts_on=date(2026, 1, 1),
    )


DIBAO_HEADER = "地区,城市低保人数,城市低保资金支出（万元）,农村低保人数,农村低保资金支出（万元）\n"


def dibao_csv(*rows: str, header: str = DIBAO_HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode(encoding)
