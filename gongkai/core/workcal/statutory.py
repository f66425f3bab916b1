"""Statutory holidays (《全国年节及纪念日放假办法》) for years whose notice is missing.

This is a fallback, never the truth: the yearly notice moves days off into blocks and adds weekend
make-up workdays (调休上班), neither of which can be predicted. Every date computed with it is
provisional (legal-rules §6.3 item 2).

- 2024 revision (of 2024-11-10, first applied in the 2025 arrangement): 元旦 1,
  春节 4 (农历除夕、正月初一至初三), 清明 1, 劳动节 2 (5月1日、2日), 端午 1, 中秋 1, 国庆 3:
  13 days (Art. 2).
- 2013 revision (applied 2014–2024): 元旦 1, 春节 3 (正月初一至初三), 清明 1, 劳动节 1, 端午 1,
  中秋 1, 国庆 3: 11 days. Years before 2014 are covered by the seeded notices, so older
  revisions are not modelled.

Art. 6 (a holiday falling on a weekend is made up on a working day) is deliberately not modelled:
where and how it is made up is decided by each notice. Leaving it out can only make a provisional
due date earlier, which is the safe side for an organ answering a request.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import lunardate

# The first year the 2024 revision of the 放假办法 applies to (4-day 春节, 2-day 劳动节).
REVISION_2024_FROM = 2025


def qingming(year: int) -> date:
    """Date of the 清明 solar term (寿星通式 for the 21st century: [Y·D + C] − L, C = 4.81).

    Checked against the solar-term table of chinese-calendar for 2000–2099 in the tests.
    """
    if not 2000 <= year <= 2099:
        raise ValueError(f"无法推算{year}年的清明日期（仅支持2000—2099年）")
    y = year % 100
    return date(year, 4, math.floor(y * 0.2422 + 4.81) - y // 4)


def _lunar(year: int, month: int, day: int) -> date:
    try:
        return lunardate.LunarDate(year, month, day).to_solar_date()
    except ValueError as exc:  # lunardate covers 1900–2099
        raise ValueError(f"无法推算{year}年农历{month}月{day}日对应的公历日期") from exc


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """Days off for all citizens in `year` under the 放假办法 Art. 2, without any 调休."""
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    new_year = _lunar(year, 1, 1)  # 正月初一
    spring = [new_year + timedelta(days=i) for i in range(3)]  # 初一至初三
    if year >= REVISION_2024_FROM:
        spring.insert(0, new_year - timedelta(days=1))  # 农历除夕: the last day of the lunar year
    for d in spring:
        days[d] = "春节"
    days[qingming(year)] = "清明节"
    days[date(year, 5, 1)] = "劳动节"
    if year >= REVISION_2024_FROM:
        days[date(year, 5, 2)] = "劳动节"
    days[_lunar(year, 5, 5)] = "端午节"
    days[_lunar(year, 8, 15)] = "中秋节"
    for day_of_month in (1, 2, 3):
        # 中秋 can fall on 1–3 October; the day stays a holiday whichever name it carries.
        days.setdefault(date(year, 10, day_of_month), "国庆节")
    return days
