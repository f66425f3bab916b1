"""The scoring rules: a table of cases per rule; a missing value scores None (待补), never 0."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.assessment import scoring

D = Decimal


@pytest.mark.parametrize(
    ("rule", "value", "points", "params", "expected"),
    [
        ("ratio", D("0.9"), D(10), {}, D("9.00")),
        ("ratio", D("1.2"), D(10), {}, D("10.00")),
        ("linear", D(1), D(15), {"full_at": 1, "zero_at": "0.8"}, D("15.00")),
        ("linear", D("0.9"), D(15), {"full_at": 1, "zero_at": "0.8"}, D("7.50")),
        ("linear", D("0.7"), D(15), {"full_at": 1, "zero_at": "0.8"}, D("0.00")),
        ("linear", D(10), D(3), {"full_at": 5, "zero_at": 15}, D("1.50")),  # lower is better
        ("linear", D(2), D(3), {"full_at": 5, "zero_at": 15}, D("3.00")),
        ("deduct", D(2), D(5), {"per": 1}, D("3.00")),
        ("deduct", D(9), D(5), {"per": 1}, D("0.00")),
        ("veto", D(1), D(5), {}, D("0.00")),
        ("veto", D(0), D(5), {}, D("5.00")),
        ("at_least", D(1), D(5), {"min": 1}, D("5.00")),
        ("at_least", D(0), D(5), {}, D("0.00")),
    ],
)
def test_rules(rule: str, value: Decimal, points: Decimal, params: dict, expected: Decimal) -> None:
    assert scoring.score(rule, value, points, params) == expected


@pytest.mark.parametrize("rule", ["ratio", "linear", "deduct", "veto", "at_least"])
def test_missing_value_scores_none_not_zero(rule: str) -> None:
    params = {"full_at": 1, "zero_at": 0, "per": 1}
    assert scoring.score(rule, None, D(10), params) is None


@pytest.mark.parametrize(
    ("rule", "params", "message"),
    [
        ("eval", {}, "不在允许的规则中"),
        ("linear", {"full_at": 1}, "zero_at"),
        ("linear", {"full_at": 1, "zero_at": 1}, "不能相同"),
        ("deduct", {"per": "x"}, "应为数字"),
    ],
)
def test_bad_params_refused(rule: str, params: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        scoring.check_params(rule, params)
