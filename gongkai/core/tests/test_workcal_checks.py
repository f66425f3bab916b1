"""System check gongkai.W001: next year's holiday notice missing from 1 November."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.checks import run_checks
from django.core.management import call_command

from gongkai.core.checks import calendar_years_loaded
from gongkai.core.workcal.fileformat import parse_yaml
from gongkai.core.workcal.services import calendar_year_import

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def ids(on: datetime) -> list[str]:
    with time_machine.travel(on, tick=False):
        return [m.id or "" for m in calendar_years_loaded()]


def test_no_warning_before_november() -> None:
    assert ids(datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI)) == []


def test_warns_from_first_of_november_in_local_time() -> None:
    # 2026-10-31 16:30 UTC is already 1 November in Beijing.
    assert ids(datetime(2026, 10, 31, 16, 30, tzinfo=ZoneInfo("UTC"))) == ["gongkai.W001"]
    assert ids(datetime(2026, 12, 31, 9, tzinfo=SHANGHAI)) == ["gongkai.W001"]


def test_silent_once_next_year_is_loaded() -> None:
    data = parse_yaml("year: 2027\nholidays: {元旦: [2027-01-01]}\n")[0]
    calendar_year_import(actor=None, data=data)
    assert ids(datetime(2026, 11, 15, 9, tzinfo=SHANGHAI)) == []


def test_provisional_next_year_still_warns() -> None:
    data = parse_yaml("year: 2027\nstatus: 暂定\nholidays: {元旦: [2027-01-01]}\n")[0]
    calendar_year_import(actor=None, data=data)
    assert ids(datetime(2026, 11, 15, 9, tzinfo=SHANGHAI)) == ["gongkai.W001"]


def test_current_year_missing_is_w002() -> None:
    assert ids(datetime(2027, 3, 1, 9, tzinfo=SHANGHAI)) == ["gongkai.W002"]


def test_registered_and_shown_by_the_check_command() -> None:
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=SHANGHAI), tick=False):
        assert "gongkai.W001" in [m.id for m in run_checks()]
        err = StringIO()
        call_command("check", stderr=err, stdout=StringIO())
    assert "gongkai.W001" in err.getvalue()
    assert "2027年节假日安排通知" in err.getvalue()
