"""Rules of the 规范性文件 register (国办发〔2018〕37号), one pure function each."""

from __future__ import annotations

import re
from datetime import date

from gongkai.core.conf import gongkai_settings


def number_template(template: str) -> str:
    """An organ's number format, or the platform's default (`REGISTERS_NUMBER_TEMPLATE`)."""
    return template.strip() or gongkai_settings().REGISTERS_NUMBER_TEMPLATE


def format_number(*, template: str, agency: str, year: int, serial: int) -> str:
    """统一编号: e.g. 岚政规〔2026〕3号 from "{agency}〔{year}〕{serial}号"."""
    return number_template(template).format(agency=agency, year=year, serial=serial)


def parse_number(*, template: str, agency: str, number: str) -> tuple[int, int] | None:
    """(year, serial) of a number written in the series' format, or None. "〔2026〕03号" and
    "〔2026〕3号" are the same number (leading zeros ignored), so neither is taken twice."""
    pattern = re.escape(number_template(template))
    pattern = pattern.replace(re.escape("{agency}"), re.escape(agency))
    pattern = pattern.replace(re.escape("{year}"), r"(?P<year>\d{4})")
    pattern = pattern.replace(re.escape("{serial}"), r"(?P<serial>\d{1,6})")
    found = re.fullmatch(pattern, number.strip().replace("[", "〔").replace("]", "〕"))
    if not found or int(found["serial"]) == 0:
        return None
    return int(found["year"]), int(found["serial"])


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_date(*, effective_on: date, years: int) -> date:
    """有效期: a document effective on `effective_on` for `years` lapses on this date (the same
    calendar day `years` later: 施行 2026-03-01 for 5 years → 已失效 from 2031-03-01)."""
    return add_years(effective_on, years)


def lapse_notice_date(expires_on: date) -> date:
    """The issuing organ is told this day (`REGISTERS_LAPSE_NOTICE_DAYS` before the lapse)."""
    from datetime import timedelta

    return expires_on - timedelta(days=gongkai_settings().REGISTERS_LAPSE_NOTICE_DAYS)
