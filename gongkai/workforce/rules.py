"""What a figure may be. One pure function per rule; each returns the Chinese refusal or None.

The figures are counts of people, meetings and 人次 (whole numbers, never negative) and an amount
in 万元 with at most two decimals (the 附表 and the 年报 tables state money in 万元 to the
cent: 国办公开办函〔2021〕30号 table 二 “本年收费金额（单位：万元）”). A year is one the organ
has lived through: from 2008 (条例 of 2007 in force on 1 May 2008) to the current year.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

#: The first year of 政府信息公开 under the 条例 (国务院令第492号, in force 2008-05-01).
FIRST_YEAR = 2008
#: Largest amount accepted (万元): max_digits 12, decimal_places 2 of the column.
MAX_BUDGET = Decimal("9999999999.99")
#: Largest count accepted: a PositiveIntegerField holds 2^31 - 1 on every backend.
MAX_COUNT = 2_147_483_647

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def year_refusal(year: int, *, today: date) -> str | None:
    """A year before the 条例 or after the current one cannot have figures."""
    if year > today.year:
        return f"{year}年尚未到来，不能填报；年度应在{FIRST_YEAR}年至{today.year}年之间。"
    if year < FIRST_YEAR:
        return f"年度应在{FIRST_YEAR}年至{today.year}年之间（《条例》2008年5月1日起施行）。"
    return None


def _clean(raw: str) -> str:
    # Full-width digits and separators typed on a Chinese keyboard read as their ASCII forms.
    text = str(raw).strip().translate(str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+"))
    return text.replace(",", "").replace("，", "")


def count_refusal(label: str, value: int) -> str | None:
    """A count of people, meetings or 人次: a whole number, not negative."""
    if value < 0:
        return f"{label}不能为负数。"
    if value > MAX_COUNT:
        return f"{label}过大，请核对。"
    return None


def parse_count(label: str, raw: str) -> tuple[int | None, str | None]:
    """(value, None) or (None, refusal) for a count typed in a form."""
    text = _clean(raw)
    if not text:
        return None, f"请填写{label}；没有的填0。"
    if not _INTEGER.fullmatch(text):
        if _DECIMAL.fullmatch(text):
            return None, f"{label}应为整数。"
        return None, f"{label}应填写数字（如 3），不能填写文字“{str(raw).strip()[:20]}”。"
    value = int(text)
    refusal = count_refusal(label, value)
    return (None, refusal) if refusal else (value, None)


def budget_refusal(label: str, value: Decimal) -> str | None:
    """An amount in 万元: not negative, at most two decimals (to the cent: 0.01万元 = 100元)."""
    if not value.is_finite():
        return f"{label}应填写数字。"
    if value < 0:
        return f"{label}不能为负数。"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"{label}以万元为单位，最多保留两位小数。"
    if value > MAX_BUDGET:
        return f"{label}过大，请核对单位（万元）。"
    return None


def parse_budget(label: str, raw: str) -> tuple[Decimal | None, str | None]:
    text = _clean(raw)
    if not text:
        return None, f"请填写{label}；没有的填0。"
    if not _DECIMAL.fullmatch(text):
        return (
            None,
            f"{label}应填写数字（单位：万元，如 12.5），不能填写文字“{str(raw).strip()[:20]}”。",
        )
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"{label}应填写数字。"
    refusal = budget_refusal(label, value)
    return (None, refusal) if refusal else (value, None)


def source_refusal(label: str, value: int | Decimal, source: str) -> str | None:
    """A figure above zero names where it was taken from (编制文件, 预算批复, 培训通知 …), so a
    reader of the report can trace it; a zero needs no document."""
    if value and not source.strip():
        return f"请注明{label}的来源（如编制文件、预算批复、培训通知）。"
    if len(source) > 200:
        return f"{label}的来源不能超过200字。"
    return None
