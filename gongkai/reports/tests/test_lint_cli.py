"""`gongkai report lint FILE|DIR`: one report, a directory of reports, the XLSX summary."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gongkai.reports.tests.golden import generate as gen
from gongkai.reports.tests.test_lint_patterns import narrative_only, per_line_pipes


def lint(*args: str) -> str:
    out = StringIO()
    call_command("report", "lint", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def subtree(tmp_path: Path) -> Path:
    """Three reports of a 公开办's subtree and a file that is not a report."""
    good = per_line_pipes("2021", gen.expected("2021"))
    (tmp_path / "a_good.txt").write_text(good, encoding="utf-8")
    bad = narrative_only(
        "青禾县林业局2022年政府信息公开工作年度报告", "全年收到申请12件，办结15件。"
    )
    (tmp_path / "b_bad.txt").write_bytes(bad.encode("gbk"))
    cut = good[: good.index(d_heading(3))]
    (tmp_path / "c_cut.html").write_text(f"<html><body><pre>{cut}</pre></body></html>", "utf-8")
    (tmp_path / "d_notice.txt").write_text("关于做好防汛工作的通知\n请做好值班安排。\n", "utf-8")
    (tmp_path / "readme.md").write_text("不是报告文件，不检查。", "utf-8")
    return tmp_path


def d_heading(i: int) -> str:
    from gongkai.reports import definitions as d

    return d.SECTION_HEADINGS[i]


def test_one_report_json(subtree: Path) -> None:
    payload: dict[str, Any] = json.loads(lint(str(subtree / "b_bad.txt"), "--json"))
    assert payload["year"] == 2022 and payload["is_report"] is True
    assert payload["summary"]["errors"] == 1
    finding = next(f for f in payload["findings"] if f["rule"] == "L9")
    assert finding["kind"] == "error" and finding["quote"] and finding["start"] >= 0
    assert {"rule", "kind", "severity", "cells", "message", "quote"} <= set(finding)


def test_one_report_text_shows_doubts_apart(subtree: Path) -> None:
    out = lint(str(subtree / "c_cut.html"))
    assert "解析存疑" in out and "错误0处" in out


def test_directory_json_summary(subtree: Path) -> None:
    payload = json.loads(lint(str(subtree), "--json"))
    summary = {row["report"]: row for row in payload["summary"]}
    assert list(summary) == ["a_good.txt", "b_bad.txt", "c_cut.html", "d_notice.txt"]
    assert summary["a_good.txt"]["errors"] == 0 and summary["a_good.txt"]["warnings"] == 0
    assert summary["b_bad.txt"]["errors"] == 1
    assert summary["c_cut.html"]["errors"] == 0 and summary["c_cut.html"]["doubts"] >= 1
    assert summary["d_notice.txt"]["is_report"] is False
    assert "不是政府信息公开工作年度报告" in summary["d_notice.txt"]["first"]
    assert len(payload["reports"]) == 4


def test_directory_xlsx_summary(subtree: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    text = lint(str(subtree), "--xlsx", str(out))
    assert "共检查4份报告：错误1处" in text
    ws = load_workbook(out).active
    assert ws is not None and ws.title == "年报体检汇总"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("报告文件", "机关", "年度", "错误", "提醒", "解析存疑")
    by_name = {r[0]: r for r in rows[1:5]}
    assert by_name["b_bad.txt"][2] == 2022 and by_name["b_bad.txt"][3] == 1
    assert str(by_name["b_bad.txt"][6]).startswith("[L9 错误]")
    assert rows[-1][0] == "合计" and rows[-1][3] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/reports"], "找不到文件或目录"),
        (["{empty}"], "没有可检查的报告文件"),
        (["{subtree}", "--xlsx", "/nonexistent/dir/out.xlsx"], "目录“/nonexistent/dir”不存在"),
        (["{subtree}/b_bad.txt", "--previous", "/nonexistent/last.txt"], "找不到文件"),
    ],
)
def test_bad_input_is_a_clear_message(
    subtree: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    real = [a.format(empty=empty, subtree=subtree) for a in args]
    with pytest.raises(CommandError, match=message):
        lint(*real)


def test_previous_report_is_compared(tmp_path: Path) -> None:
    def stats(year: int, cumulative: int) -> str:
        return (
            f"平潭县{year}年政府信息公开工作年度报告\n"
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
            "一、概述\n全年主动公开信息。\n附表 政府信息公开情况统计表\n"
            f"指标名称 计量单位 本年度 历年累计\n主动公开政府信息数 条 30 {cumulative}\n"
        )

    (tmp_path / "2016.txt").write_text(stats(2016, 900), "utf-8")
    (tmp_path / "2017.txt").write_text(stats(2017, 850), "utf-8")
    payload = json.loads(
        lint(str(tmp_path / "2017.txt"), "--previous", str(tmp_path / "2016.txt"), "--json")
    )
    assert [f["rule"] for f in payload["findings"] if f["kind"] != "doubt"] == ["R8"]
