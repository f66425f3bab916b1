"""The 公报's rules as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.gazette import rules

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("number", "taken", "expected"),
    [
        (3, False, None),
        (3, True, "2026年第3期已经存在，同一年度的期号不能使用两次。"),
        (0, False, "期号应为1至366之间的整数。"),
        (367, False, "期号应为1至366之间的整数。"),
    ],
)
def test_number(number: int, taken: bool, expected: str | None) -> None:
    assert rules.number_refusal(year=2026, number=number, taken=taken) == expected


@pytest.mark.parametrize(
    ("total", "taken", "expected"),
    [
        (None, True, None),
        (45, False, None),
        (45, True, "总第45期已经存在，总期号不能使用两次。"),
        (0, False, "总期号应为正整数。"),
    ],
)
def test_total_number(total: int | None, taken: bool, expected: str | None) -> None:
    assert rules.total_number_refusal(total_number=total, taken=taken) == expected


@pytest.mark.parametrize(
    ("year", "issued_on", "expected"),
    [
        (2026, date(2026, 3, 15), None),
        (2027, date(2027, 1, 5), None),  # prepared ahead, within a year
        (2026, None, "请填写出版日期。"),
        (2026, date(2025, 12, 31), "出版日期（2025年12月31日）不在2026年内。"),
        (2028, date(2028, 1, 1), "年份应在1949年至2027年之间。"),
        (1900, date(1900, 1, 1), "年份应在1949年至2027年之间。"),
    ],
)
def test_date(year: int, issued_on: date | None, expected: str | None) -> None:
    assert rules.date_refusal(year=year, issued_on=issued_on, today=TODAY) == expected


@pytest.mark.parametrize(
    ("public", "in_tree", "carried", "same", "expected"),
    [
        (True, True, None, False, None),
        (True, True, None, True, "该信息已编入本期公报。"),
        (False, True, None, False, "只有已发布的主动公开信息才能编入公报。"),
        (True, False, None, False, "只能编入本机关及其下级机关发布的信息。"),
        (
            True,
            True,
            "《某公报》2026年第1期",
            False,
            "该信息已刊登于《某公报》2026年第1期，不能重复刊登。",
        ),
    ],
)
def test_entry(
    public: bool, in_tree: bool, carried: str | None, same: bool, expected: str | None
) -> None:
    got = rules.entry_refusal(
        item_public=public, in_tree=in_tree, carried_by=carried, same_issue=same
    )
    assert got == expected


def test_publish() -> None:
    assert rules.publish_refusal(entries=2, not_public=[]) is None
    assert rules.publish_refusal(entries=0, not_public=[]) == "目录为空，不能出版。请先编入信息。"
    many = rules.publish_refusal(entries=5, not_public=["甲", "乙", "丙", "丁"])
    assert many == "目录中的“甲”、“乙”、“丙”等4条已不是公开发布状态，请移出后再出版。"
