from datetime import date

from gongkai.core.workcal import add_working_days, default_calendar, working_days_between


def test_day_one_is_first_working_day_after_start() -> None:
    cal = default_calendar()
    # Friday 2026-03-06 + 1 working day = Monday 2026-03-09
    assert add_working_days(date(2026, 3, 6), 1, cal) == date(2026, 3, 9)


def test_national_day_2025_with_makeup_sunday() -> None:
    cal = default_calendar()
    # 2025-09-28 (Sun) and 2025-10-11 (Sat) are 调休上班; Oct 1–8 are off.
    assert add_working_days(date(2025, 9, 26), 1, cal) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 26), 5, cal) == date(2025, 10, 10)
    assert add_working_days(date(2025, 9, 26), 6, cal) == date(2025, 10, 11)


def test_spring_festival_2026() -> None:
    cal = default_calendar()
    # 2026-02-14 (Sat) is a make-up workday; 2-15..2-23 off.
    assert add_working_days(date(2026, 2, 13), 1, cal) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1, cal) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24), cal) == 2
