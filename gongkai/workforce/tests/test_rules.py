"""The rules of a figure, case by case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.workforce import rules

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("raw", "value", "message"),
    [
        ("3", 3, None),
        (" 0 ", 0, None),
        ("１２", 12, None),  # full-width digits from a Chinese keyboard
        ("1,200", 1200, None),
        ("", None, "请填写兼职人员数；没有的填0。"),
        ("-1", None, "兼职人员数不能为负数。"),
        ("2.5", None, "兼职人员数应为整数。"),
        ("三人", None, "兼职人员数应填写数字（如 3），不能填写文字“三人”。"),
        ("abc", None, "兼职人员数应填写数字（如 3），不能填写文字“abc”。"),
        ("99999999999", None, "兼职人员数过大，请核对。"),
    ],
)
def test_parse_count(raw: str, value: int | None, message: str | None) -> None:
    assert rules.parse_count("兼职人员数", raw) == (value, message)


@pytest.mark.parametrize(
    ("raw", "value", "message"),
    [
        ("12.5", Decimal("12.5"), None),
        ("0", Decimal("0"), None),
        ("3.10", Decimal("3.10"), None),
        ("3.100", Decimal("3.100"), None),  # trailing zeros are not a third decimal
        ("3.125", None, "经费以万元为单位，最多保留两位小数。"),
        ("-0.5", None, "经费不能为负数。"),
        ("十万", None, "经费应填写数字（单位：万元，如 12.5），不能填写文字“十万”。"),
        ("", None, "请填写经费；没有的填0。"),
        ("99999999999", None, "经费过大，请核对单位（万元）。"),
    ],
)
def test_parse_budget(raw: str, value: Decimal | None, message: str | None) -> None:
    assert rules.parse_budget("经费", raw) == (value, message)


@pytest.mark.parametrize(
    ("year", "refused"),
    [(2025, False), (2026, False), (2008, False), (2027, True), (2007, True)],
)
def test_year(year: int, refused: bool) -> None:
    message = rules.year_refusal(year, today=TODAY)
    assert (message is not None) == refused
    if year == 2027:
        assert message is not None and "尚未到来" in message


def test_a_figure_above_zero_names_its_source() -> None:
    assert rules.source_refusal("专职人员数", 2, "") is not None
    assert rules.source_refusal("专职人员数", 2, "编制文件") is None
    assert rules.source_refusal("专职人员数", 0, "") is None
    assert rules.source_refusal("专项经费", Decimal("0.00"), "") is None
