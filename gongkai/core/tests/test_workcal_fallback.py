"""Years without a notice: statutory holidays (《全国年节及纪念日放假办法》), provisional."""

from datetime import date

import chinese_calendar
import pytest

from gongkai.core.workcal import WorkCalendar, add_working_days, is_working_day, seed_calendar
from gongkai.core.workcal.statutory import qingming, statutory_holidays


def test_qingming_formula_matches_the_solar_term_table() -> None:
    terms = chinese_calendar.get_solar_terms(date(2000, 1, 1), date(2099, 12, 31))
    table = {d.year: d for d, name in terms if name == "清明"}
    assert {y: qingming(y) for y in range(2000, 2100)} == table


@pytest.mark.parametrize("year", range(2008, 2027))  # 清明 became a holiday in 2008
def test_qingming_is_a_day_off_in_every_seeded_year(year: int) -> None:
    assert qingming(year) in chinese_calendar.holidays


@pytest.mark.parametrize("year", range(2014, 2027))
def test_statutory_days_are_days_off_in_the_real_notices(year: int) -> None:
    # 2013 revision applies 2014–2024, the 2024 revision from 2025: every statutory day was off.
    for day in statutory_holidays(year):
        assert day in chinese_calendar.holidays, (year, day)


def test_day_counts_by_revision() -> None:
    assert len(statutory_holidays(2024)) == 11
    days_2025 = statutory_holidays(2025)
    assert len(days_2025) == 13
    # 2025: 除夕 2025-01-28, 初一至初三 01-29..31; 劳动节 5/1, 5/2.
    assert [d for d, n in days_2025.items() if n == "春节"] == [
        date(2025, 1, 28),
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),
    ]
    assert days_2025[date(2025, 5, 2)] == "劳动节"
    assert date(2024, 5, 2) not in statutory_holidays(2024)


def test_unloaded_year_falls_back_to_statutory_holidays() -> None:
    cal = seed_calendar()
    spring_2027 = [d for d, n in statutory_holidays(2027).items() if n == "春节"]
    assert len(spring_2027) == 4
    for day in spring_2027:
        assert not is_working_day(day, cal)
    assert not is_working_day(date(2027, 1, 1), cal)  # 元旦, a Friday
    assert is_working_day(date(2027, 1, 4), cal)  # plain Monday
    assert not is_working_day(date(2027, 1, 9), cal)  # no 调休 is ever guessed
    assert cal.day_name(date(2027, 10, 1)) == "国庆节"
    assert not cal.is_certain(date(2027, 3, 1))


def test_an_empty_calendar_uses_only_statutory_rules() -> None:
    cal = WorkCalendar(holidays=frozenset(), makeup_workdays=frozenset(), years=frozenset())
    # 2026-10-01..03 statutory; 10-04 Sunday; Monday 10-05 counts (no notice-based block).
    assert add_working_days(date(2026, 9, 30), 1, cal) == date(2026, 10, 5)
    # 2025: 中秋 falls on Monday 10-06, so the first working day is 10-07.
    assert add_working_days(date(2025, 9, 30), 1, cal) == date(2025, 10, 7)
    assert not cal.is_certain(date(2026, 10, 5))


def test_out_of_range_years_say_so_in_chinese() -> None:
    with pytest.raises(ValueError, match="清明"):
        qingming(2100)
