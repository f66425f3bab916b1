"""Rules of the lists: the 办事指南 elements, the 事项类型 data and the review dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from gongkai.inventories import rules
from gongkai.inventories.models import GUIDE_ELEMENTS

COMPLETE = {name: "有" for name, _label in GUIDE_ELEMENTS}


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"phone": ""}, ["咨询电话"]),
        ({"phone": "   \n"}, ["咨询电话"]),  # blanks only: missing
        ({"fees": "不收费"}, []),  # an answer, not a gap
        ({"basis": "", "location": ""}, ["设定依据", "办理地点"]),
        ({name: "" for name, _l in GUIDE_ELEMENTS}, [label for _n, label in GUIDE_ELEMENTS]),
    ],
)
def test_guide_missing_elements(changes: dict[str, str], missing: list[str]) -> None:
    assert rules.guide_missing_elements({**COMPLETE, **changes}) == missing


def test_a_guide_missing_a_key_altogether_lacks_it() -> None:
    partial = dict(COMPLETE)
    del partial["time_limit"]
    assert rules.guide_missing_elements(partial) == ["办理时限"]


def test_the_ten_power_types_are_data() -> None:
    types = rules.power_types()
    assert len(types) == 10
    assert types[0] == "行政许可" and "其他行政权力" in types and "行政裁决" in types


def test_withholding_clauses_name_the_articles() -> None:
    text = "".join(rules.withholding_clauses())
    assert "第十四条" in text and "第十五条" in text and "第十六条" in text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 2), 12, date(2027, 3, 2)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 12, 31), 6, date(2027, 6, 30)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert rules.add_months(day, months) == expected


def test_next_review_date_uses_the_entrys_period_or_the_setting() -> None:
    assert rules.next_review_date(reviewed_on=date(2026, 3, 2)) == date(2027, 3, 2)
    assert rules.next_review_date(reviewed_on=date(2026, 3, 2), months=6) == date(2026, 9, 2)
    with override_settings(GONGKAI={"INVENTORIES_REVIEW_MONTHS": 24}):
        assert rules.next_review_date(reviewed_on=date(2026, 3, 2)) == date(2028, 3, 2)


@pytest.mark.parametrize(
    ("next_on", "overdue"),
    [(None, True), (date(2026, 3, 1), True), (date(2026, 3, 2), True), (date(2026, 3, 3), False)],
)
def test_review_overdue(next_on: date | None, overdue: bool) -> None:
    assert rules.review_overdue(next_review_on=next_on, today=date(2026, 3, 2)) is overdue
