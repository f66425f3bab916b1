"""Pure working-day arithmetic on the chinese-calendar seed (no database)."""

from datetime import date

import pytest

from gongkai.core.workcal import (
    add_working_days,
    is_working_day,
    seed_calendar,
    uncertain_years,
    working_days_between,
)


def test_day_one_is_first_working_day_after_start() -> None:
    cal = seed_calendar()
    # Friday 2026-03-06 + 1 working day = Monday 2026-03-09
    assert add_working_days(date(2026, 3, 6), 1, cal) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 6), 0, cal) == date(2026, 3, 6)


def test_negative_days_refused() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        add_working_days(date(2026, 3, 6), -1, seed_calendar())


@pytest.mark.parametrize(
    "day", [date(2025, 9, 28), date(2025, 10, 11), date(2026, 2, 14), date(2026, 2, 28)]
)
def test_makeup_weekend_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert is_working_day(day, seed_calendar())


def test_national_day_2025_with_makeup_sunday() -> None:
    cal = seed_calendar()
    # 2025-09-28 (Sun) and 2025-10-11 (Sat) are 调休上班; Oct 1–8 are off.
    assert add_working_days(date(2025, 9, 26), 1, cal) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 26), 4, cal) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 26), 5, cal) == date(2025, 10, 10)
    assert add_working_days(date(2025, 9, 26), 6, cal) == date(2025, 10, 11)
    assert not any(is_working_day(date(2025, 10, d), cal) for d in range(1, 9))


def test_spring_festival_2026() -> None:
    cal = seed_calendar()
    # 2026-02-14 (Sat) and 2026-02-28 (Sat) are make-up workdays; 2-15..2-23 off.
    assert add_working_days(date(2026, 2, 13), 1, cal) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1, cal) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 13), 6, cal) == date(2026, 2, 28)
    assert add_working_days(date(2026, 2, 13), 7, cal) == date(2026, 3, 2)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24), cal) == 2
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 13), cal) == 0


@pytest.mark.parametrize(
    ("receipt", "wd7", "wd15", "wd20", "wd40"),
    [
        # legal-rules §1.8 test vectors
        (
            date(2025, 9, 26),
            date(2025, 10, 13),
            date(2025, 10, 23),
            date(2025, 10, 30),
            date(2025, 11, 27),
        ),
        (
            date(2025, 1, 20),
            date(2025, 2, 5),
            date(2025, 2, 14),
            date(2025, 2, 21),
            date(2025, 3, 21),
        ),
        (
            date(2024, 12, 20),
            date(2024, 12, 31),
            date(2025, 1, 13),
            date(2025, 1, 20),
            date(2025, 2, 21),
        ),
        (
            date(2025, 12, 15),
            date(2025, 12, 24),
            date(2026, 1, 6),
            date(2026, 1, 13),
            date(2026, 2, 10),
        ),
        (
            date(2026, 2, 9),
            date(2026, 2, 25),
            date(2026, 3, 6),
            date(2026, 3, 13),
            date(2026, 4, 13),
        ),
        (
            date(2026, 9, 18),
            date(2026, 9, 29),
            date(2026, 10, 15),
            date(2026, 10, 22),
            date(2026, 11, 19),
        ),
    ],
)
def test_shared_vectors(receipt: date, wd7: date, wd15: date, wd20: date, wd40: date) -> None:
    cal = seed_calendar()
    for n, expected in ((7, wd7), (15, wd15), (20, wd20), (40, wd40)):
        assert add_working_days(receipt, n, cal) == expected
        assert working_days_between(receipt, expected, cal) == n


def test_late_december_waits_for_next_years_notice() -> None:
    cal = seed_calendar()  # 2004–2026 loaded, 2027 not
    assert uncertain_years(date(2026, 11, 20), date(2026, 12, 18), cal) == frozenset()
    assert uncertain_years(date(2026, 11, 24), date(2026, 12, 22), cal) == {2027}
    assert uncertain_years(date(2025, 12, 1), date(2026, 1, 31), cal) == frozenset()
    assert uncertain_years(date(2026, 12, 30), date(2027, 1, 5), cal) == {2027}
