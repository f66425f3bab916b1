"""`gongkai deadline`: the CLI contract, bad input, recomputation when a notice is imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications.deadlines import DeadlineInput, recompute_deadlines
from gongkai.core.workcal import default_calendar, seed_calendar
from gongkai.core.workcal.signals import calendar_year_loaded
from gongkai.core.workcal.store import calendar_for_version

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "receipt_date",
    "correction_notice_due",
    "answer_due",
    "excluded_working_days",
    "provisional",
    "calendar_version",
}


def deadline(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    assert set(data) >= REQUIRED_KEYS
    return data


@pytest.mark.parametrize(
    ("received", "wd7", "wd20", "wd40"),
    [
        ("2025-09-26", "2025-10-13", "2025-10-30", "2025-11-27"),
        ("2025-01-20", "2025-02-05", "2025-02-21", "2025-03-21"),
        ("2024-12-20", "2024-12-31", "2025-01-20", "2025-02-21"),
        ("2025-12-15", "2025-12-24", "2026-01-13", "2026-02-10"),
        ("2026-02-09", "2026-02-25", "2026-03-13", "2026-04-13"),
        ("2026-09-18", "2026-09-29", "2026-10-22", "2026-11-19"),
    ],
)
def test_shared_vectors(received: str, wd7: str, wd20: str, wd40: str) -> None:
    data = deadline("--received", received)
    assert data["receipt_date"] == received
    assert (data["correction_notice_due"], data["answer_due"]) == (wd7, wd20)
    assert data["provisional"] is False
    assert data["excluded_working_days"] == 0
    assert data["calendar_version"] == default_calendar().version
    assert deadline("--received", received, "--extended")["answer_due"] == wd40


def test_channels_confirmation_and_correction() -> None:
    data = deadline("--received", "2026-03-02", "--channel", "online", "--confirmed", "2026-03-03")
    assert data["receipt_date"] == "2026-03-03"
    assert data["answer_due"] == "2026-03-31"
    data = deadline("--received", "2026-03-02", "--channel", "post_ordinary")
    assert (data["receipt_date"], data["assumed_confirmation"]) == ("2026-03-02", True)
    data = deadline("--received", "2026-03-02", "--correction-received", "2026-03-09")
    assert (data["correction_notice_due"], data["answer_due"]) == ("2026-03-11", "2026-04-07")


def test_consultations_are_excluded() -> None:
    data = deadline(
        "--received", "2025-09-26",
        "--consultation", "2025-09-29:2025-10-10",
        "--consultation", "2025-10-09:2025-10-13",
    )  # fmt: skip
    assert data["excluded_working_days"] == 5
    assert data["answer_due"] == "2025-11-06"
    data = deadline("--received", "2025-09-26", "--consultation", "2025-09-29:")
    assert (data["excluded_working_days"], data["answer_due"]) == (15, "2025-11-20")


def test_readable_chinese_without_json() -> None:
    out = StringIO()
    call_command("deadline", "--received", "2026-03-02", stdout=out)
    text = out.getvalue()
    assert text.startswith("答复期限：2026年3月30日")
    assert "自2026年3月2日起第20个工作日" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "缺少收到日期"),
        (["--received", "2026-02-30"], "日期“2026-02-30”无效"),
        (["--received", "02/03/2026"], "无效"),
        (["--received", "2026-03-02", "--channel", "email"], "未知的提交渠道"),
        (
            ["--received", "2026-03-02", "--channel", "fax", "--confirmed", "2026-03-01"],
            "早于收到日期",
        ),
        (["--received", "2026-03-02", "--confirmed", "2026-03-03"], "不需要确认日期"),
        (["--received", "2026-03-02", "--correction-received", "2026-03-01"], "收到补正的日期"),
        (["--received", "2026-03-02", "--consultation", "2026-03-06:2026-03-05"], "早于发出"),
        (["--received", "2026-03-02", "--consultation", "2026-02-27:2026-03-05"], "早于收到申请"),
        (["--received", "2026-03-02", "--consultation", ":2026-03-05"], "发出日期:收到意见日期"),
        (
            ["--received", "2026-03-02", "--extended", "--extension-days", "30"],
            "不得超过20个工作日",
        ),
        (["--received", "2026-03-02", "--delayed-until", "2026-03-10"], "第三十五条"),
        (["--received", "2026-03-02", "--bogus"], "无法识别的参数"),
    ],
)
def test_bad_input_is_refused_in_chinese(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args, "--json", stdout=StringIO())


def test_deadline_into_2027_is_provisional_then_recomputed_on_import(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    before = deadline("--received", "2026-12-10")
    assert before["provisional"] is True
    assert before["provisional_years"] == [2027]

    # An open case, recomputed by a receiver the way the applications app will do it.
    moves: list[Any] = []

    def on_loaded(sender: Any, *, old_version: str, new_version: str, **kw: Any) -> None:
        cases = [("case-1", DeadlineInput(received=date(2026, 12, 10)))]
        old, new = calendar_for_version(old_version), calendar_for_version(new_version)
        moves.extend(recompute_deadlines(cases, old=old, new=new))

    calendar_year_loaded.connect(on_loaded, dispatch_uid="test-deadline-recompute")
    try:
        path = tmp_path / "2027.yaml"
        # Test data only (not the real 2027 notice): 4 January made a day off.
        path.write_text(
            "year: 2027\nnotice: {title: 测试通知}\nholidays:\n  元旦: [2027-01-01..2027-01-04]\n",
            encoding="utf-8",
        )
        with django_capture_on_commit_callbacks(execute=True):
            call_command("workcal", "import", str(path), stdout=StringIO())
    finally:
        calendar_year_loaded.disconnect(dispatch_uid="test-deadline-recompute")

    after = deadline("--received", "2026-12-10")
    assert after["provisional"] is False
    assert after["calendar_version"].startswith("v2-")
    assert after["calendar_version"] != before["calendar_version"]
    assert after["answer_due"] > before["answer_due"]
    moved = {m.field: m for m in moves}
    assert moved["answer_due"].old.isoformat() == before["answer_due"]
    assert moved["answer_due"].new.isoformat() == after["answer_due"]


def _gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        # An empty database: the command falls back to the chinese-calendar seed (version v0-…).
        "GONGKAI_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "GONGKAI_VAR_DIR": str(tmp_path),
    }
    exe = Path(sys.executable).parent / "gongkai"
    return subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [str(exe), "deadline", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_real_subprocess(tmp_path: Path) -> None:
    done = _gongkai(
        tmp_path, "--received", "2025-09-26", "--extended",
        "--consultation", "2025-09-29:2025-10-10", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= REQUIRED_KEYS
    assert data["receipt_date"] == "2025-09-26"
    assert data["correction_notice_due"] == "2025-10-13"
    assert data["answer_due"] == "2025-12-02"  # WD40 2025-11-27 + 3 excluded working days
    assert data["excluded_working_days"] == 3
    assert data["provisional"] is False
    assert data["calendar_version"] == seed_calendar().version

    bad = _gongkai(
        tmp_path, "--received", "2026-03-02", "--correction-received", "2026-03-01", "--json"
    )
    assert bad.returncode != 0
    assert bad.stdout == ""
    assert "收到补正的日期" in bad.stderr
    assert "Traceback" not in bad.stderr
