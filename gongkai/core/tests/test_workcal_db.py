"""The calendar in the database: seed migration, versions, import, change signal, admin."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.models import AuditEvent
from gongkai.core.workcal import default_calendar, is_working_day, seed_calendar
from gongkai.core.workcal.content import seed_snapshot, snapshot_hash
from gongkai.core.workcal.fileformat import CalendarFileError, parse_csv, parse_yaml
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear
from gongkai.core.workcal.services import calendar_year_import
from gongkai.core.workcal.signals import calendar_year_loaded
from gongkai.core.workcal.store import calendar_for_version, database_hash

pytestmark = pytest.mark.django_db

# Test data only: not the real 2027 arrangement.
YAML_2027 = """\
year: 2027
status: 已发布通知
notice:
  title: 测试用2027年节假日安排
  number: 测试〔2026〕1号
  url: https://example.org/2027
holidays:
  元旦: [2027-01-01..2027-01-04]
  春节: [2027-02-06..2027-02-12]
workdays:
  春节: [2027-02-13]
"""


@pytest.fixture
def signals_received() -> Any:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    calendar_year_loaded.connect(receiver, dispatch_uid="test-workcal-receiver")
    yield received
    calendar_year_loaded.disconnect(dispatch_uid="test-workcal-receiver")


def test_migration_seeds_2004_to_2026_as_version_1() -> None:
    years = list(CalendarYear.objects.order_by("year").values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    version = CalendarVersion.objects.get()
    assert version.number == 1
    # The migration's inline hash equals the app's, and the package seed has the same content.
    assert version.content_hash == database_hash() == snapshot_hash(seed_snapshot())
    cal = default_calendar()
    assert cal.version == version.label == seed_calendar().version.replace("v0-", "v1-")
    assert is_working_day(date(2026, 2, 28), cal)
    y2026 = CalendarYear.objects.get(year=2026)
    assert y2026.notice_url.endswith("content_7047090.htm")
    assert y2026.days.filter(kind=CalendarDay.Kind.WORKDAY, date=date(2026, 2, 14)).exists()


def test_seed_migration_is_rerunnable_and_keeps_imported_years() -> None:
    seed = importlib.import_module("gongkai.core.migrations.0003_workcal_seed_2004_2026").seed
    days_before = CalendarDay.objects.count()
    seed(apps, None)
    assert CalendarDay.objects.count() == days_before
    assert CalendarVersion.objects.count() == 1

    data = parse_yaml(YAML_2027.replace("2027", "2026").replace("2026-02-13", "2026-02-14"))[0]
    calendar_year_import(actor=None, data=data)
    seed(apps, None)  # must not overwrite the imported 2026
    assert CalendarYear.objects.get(year=2026).origin == CalendarYear.Origin.IMPORT
    assert CalendarVersion.objects.count() == 2


def test_import_creates_a_version_and_sends_the_signal_on_commit(
    tmp_path: Path, signals_received: list[dict[str, Any]], django_capture_on_commit_callbacks: Any
) -> None:
    before = default_calendar()
    assert not before.is_certain(date(2026, 12, 28))
    path = tmp_path / "2027.yaml"
    path.write_text(YAML_2027, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("workcal", "import", str(path), stdout=None)
        assert signals_received == []  # not before commit
    for callback in callbacks:
        callback()
    after = default_calendar()
    assert after.version.startswith("v2-")
    assert signals_received == [
        {
            "signal": calendar_year_loaded,
            "year": 2027,
            "status": "published",
            "old_version": before.version,
            "new_version": after.version,
        }
    ]
    assert not is_working_day(date(2027, 1, 4), after)
    assert is_working_day(date(2027, 2, 13), after)
    assert after.is_certain(date(2026, 12, 28)) and after.is_certain(date(2027, 6, 1))
    # The old version is still reproducible.
    assert is_working_day(date(2027, 1, 4), calendar_for_version(before.version))
    row = CalendarYear.objects.get(year=2027)
    assert (row.notice_number, row.origin) == ("测试〔2026〕1号", CalendarYear.Origin.IMPORT)
    assert AuditEvent.objects.filter(action="workcal.year_imported", object_id=str(row.pk)).exists()
    assert AuditEvent.objects.filter(action="workcal.version_created").count() == 1


def test_importing_the_same_file_twice_creates_no_new_version(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text(YAML_2027, encoding="utf-8")
    call_command("workcal", "import", str(path))
    call_command("workcal", "import", str(path))
    assert list(CalendarVersion.objects.values_list("number", flat=True)) == [2, 1]


def test_csv_import_with_notice_options(tmp_path: Path) -> None:
    path = tmp_path / "notice.csv"
    path.write_text(
        "# 测试数据\ndate,kind,name\n2027-01-01,放假,元旦\n2027-02-06..2027-02-12,放假,春节\n"
        "2027-02-13,上班,春节\n",
        encoding="utf-8",
    )
    call_command(
        "workcal", "import", str(path), "--status", "暂定", "--notice-url", "https://example.org/x"
    )
    row = CalendarYear.objects.get(year=2027)
    assert row.status == CalendarYear.Status.PROVISIONAL
    assert row.days.count() == 9
    cal = default_calendar()
    # A 暂定 year is used for counting, but results stay provisional.
    assert is_working_day(date(2027, 2, 13), cal)
    assert not cal.is_certain(date(2027, 2, 13))


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "2027.yml"
    path.write_text(YAML_2027, encoding="utf-8")
    call_command("workcal", "import", str(path), "--dry-run")
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year: 2027\nholidays: {元旦: [2027-13-01]}\n", "无法识别的日期"),
        ("year: 2027\nholidays: {元旦: [2027-01-01]}\nworkdays: [2027-02-10]\n", "不是周六或周日"),
        ("year: 2027\nholidays: {元旦: [2028-01-01]}\n", "不属于2027年"),
        ("year: 2027\nholidays: [2027-01-02]\nworkdays: [2027-01-02]\n", "同时被列为"),
        ("year: 2027\nstatus: 草稿\nholidays: [2027-01-01]\n", "状态应为"),
        ("year: 2027\nholiday: [2027-01-01]\n", "未知字段"),
        ("year: 2027\n", "没有任何放假日"),
        ("holidays: [2027-01-01]\n", "缺少有效的年份"),
        ("year: 2027\nholidays: {春节: [2027-02-12..2027-02-06]}\n", "结束日早于开始日"),
        ("year: [\n", "YAML 格式错误"),
    ],
)
def test_bad_yaml_is_refused_in_chinese(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("workcal", "import", str(path))
    assert CalendarVersion.objects.count() == 1


def test_bad_csv_and_unknown_format_are_refused() -> None:
    with pytest.raises(CalendarFileError, match="类型应为"):
        parse_csv("date,kind,name\n2027-01-01,休息,元旦\n")
    with pytest.raises(CalendarFileError, match="表头"):
        parse_csv("2027-01-01,放假,元旦\n")
    with pytest.raises(CommandError, match="无法识别的文件格式"):
        call_command("workcal", "import", __file__)
    with pytest.raises(CommandError, match="参数错误"):
        call_command("workcal", "export")


def test_late_december_day_from_next_years_notice() -> None:
    # The 2019 notice made 2018-12-29 (Sat) a workday: a notice may list the December before.
    data = parse_yaml("year: 2027\nholidays: [2027-01-01]\nworkdays: [2026-12-26]\n")[0]
    assert data.workdays == {date(2026, 12, 26): ""}
    calendar_year_import(actor=None, data=data)
    assert is_working_day(date(2026, 12, 26), default_calendar())


def test_admin_edit_creates_a_version(
    client: Any,
    make_user: Callable[..., Any],
    signals_received: list[dict[str, Any]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    admin_user = make_user("calendar-admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    form = {
        "year": "2027",
        "status": "provisional",
        "notice_title": "",
        "notice_number": "",
        "notice_url": "",
        "note": "按预告先录入",
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2027-01-01",
        "days-0-kind": "holiday",
        "days-0-name": "元旦",
        "days-1-date": "2027-02-10",
        "days-1-kind": "workday",
        "days-1-name": "",
    }
    response = client.post("/admin/core/calendaryear/add/", form)
    assert response.status_code == 200  # a weekday cannot be a 调休上班日
    assert "不是周六或周日" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()

    form["days-1-date"] = "2027-02-13"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/core/calendaryear/add/", form)
    assert response.status_code == 302
    row = CalendarYear.objects.get(year=2027)
    assert row.origin == CalendarYear.Origin.ADMIN
    assert row.days.count() == 2
    assert default_calendar().version.startswith("v2-")
    assert [s["year"] for s in signals_received] == [2027]
    assert AuditEvent.objects.filter(action="workcal.year_edited", actor=admin_user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/core/calendaryear/{row.pk}/delete/", {"post": "yes"})
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert default_calendar().version.startswith("v3-")
    assert signals_received[-1]["status"] == "deleted"
    assert client.get("/admin/core/calendarversion/").status_code == 200


def test_versions_are_immutable() -> None:
    version = CalendarVersion.objects.get()
    version.reason = "改写"
    with pytest.raises(Exception, match="不可修改"):
        version.save()


def test_show_and_versions_commands() -> None:
    out = StringIO()
    call_command("workcal", "show", "2026", stdout=out)
    assert "2026-02-14  调休上班" in out.getvalue()
    out = StringIO()
    call_command("workcal", "show", stdout=out)
    assert f"当前日历版本：{default_calendar().version}" in out.getvalue()
    out = StringIO()
    call_command("workcal", "versions", stdout=out)
    assert out.getvalue().startswith(default_calendar().version)
    with pytest.raises(CommandError, match="没有2031年的节假日安排"):
        call_command("workcal", "show", "2031")
