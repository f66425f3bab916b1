"""Bad and partial input, the CLI contract, and the shared samples of real published reports."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reports.parsing import parse_report
from gongkai.reports.tests.golden import generate as gen

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path("/work/shared/samples")


def run_cli(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("report", "parse", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_blank_cells_stay_blank_and_are_r7_findings() -> None:
    data = gen.expected("2021")
    blanks = {"granted.research", "granted.social_welfare", "carried_forward.other"}
    result = parse_report(gen.html("2021", data, blank=blanks))
    t3 = result.tables["table3"]
    assert t3["granted"]["research"] is None and t3["granted"]["social_welfare"] is None
    assert t3["granted"]["total"] == 5548  # the rest of the row is read as published
    r7 = [f for f in result.findings if f.rule == "R7"]
    assert len(r7) == 1 and r7[0].severity == "error"
    assert set(r7[0].cells) == {f"table3.{b}" for b in blanks}
    assert "不能当作0" in r7[0].message
    # Sums involving a blank are not checked: no R1/R2/R3 on those rows and columns.
    assert not [f for f in result.findings if f.rule in ("R1", "R2", "R3")]


def test_truncated_report_says_what_is_missing() -> None:
    text = (GOLDEN / "report_2021_cell_per_line.txt").read_text(encoding="utf-8")
    cut = text[: text.index("3.要求提供公开出版物")]
    result = parse_report(cut)
    assert result.format == "2021" and result.year == 2024
    assert result.tables["table3"]["not_processed.duplicate"]["total"] == 148
    assert "total_processed" not in result.tables["table3"]
    assert "table4" not in result.tables
    p2 = [f for f in result.findings if f.rule == "P2"]
    messages = " ".join(f.message for f in p2)
    assert "表三不完整" in messages and "（七）总计" in messages and "表四" in messages
    assert "table3.total_processed" in {c for f in p2 for c in f.cells}


def test_dropped_empty_cells_are_not_assigned_to_columns_by_guess() -> None:
    text = (GOLDEN / "report_2021_cell_per_line.txt").read_text(encoding="utf-8")
    # A copy that dropped the five empty organisation cells: "26 26" for 7 columns.
    start = text.index("一、本年新收政府信息公开申请数量")
    end = text.index("二、上年结转政府信息公开申请数量")
    result = parse_report(text[:start] + "一、本年新收政府信息公开申请数量 26 26\n" + text[end:])
    row = result.tables["table3"]["new_received"]
    assert all(v is None for v in row.values())
    finding = next(f for f in result.findings if "table3.new_received.total" in f.cells)
    assert finding.rule == "P3" and "空白单元格" in finding.message


def test_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于做好防汛工作的通知\n各单位：请做好值班安排。\n", encoding="utf-8")
    result = run_cli(str(path))
    assert result["format"] is None and result["is_report"] is False
    assert result["tables"] == {"table2": {}, "table3": {}, "table4": {}}
    assert result["findings"][0]["rule"] == "P0"
    assert "不是政府信息公开工作年度报告" in result["findings"][0]["message"]


def test_unknown_encoding_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run_cli(str(path))
    assert result["format"] is None
    assert "无法识别文件编码" in result["findings"][0]["message"]
    path.write_bytes(b"\xa1\xff" * 300)  # no NUL, but neither UTF-8 nor GB18030
    assert "无法识别文件编码" in run_cli(str(path))["findings"][0]["message"]


def test_cli_reads_gbk_and_records_the_url() -> None:
    result = run_cli(str(GOLDEN / "report_2021_gbk.txt"), "--url", "https://example.gov.cn/nb.htm")
    assert result["format"] == "2021" and result["year"] == 2024
    assert result["source_url"] == "https://example.gov.cn/nb.htm"
    assert result["tables"]["table3"]["new_received"]["total"] == 14069
    assert result["findings"] == []


def test_cli_gb18030_html() -> None:
    html = (GOLDEN / "report_2019.html").read_text(encoding="utf-8").replace("utf-8", "gb18030")
    result = parse_report(html.encode("gb18030"))
    assert result.encoding == "gb18030" and result.format == "2019"
    assert result.tables["table2"]["procurement"]["procurement_amount"] is not None


def test_cli_missing_file() -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("report", "parse", "/nonexistent/report.txt", "--json")


def test_cli_build_is_dispatched_or_explained() -> None:
    from gongkai.reports.management.commands import report

    module = report._build_module()
    if module is None:
        with pytest.raises(CommandError, match="build 尚未提供"):
            call_command("report", "build", "--organ", "X", "--year", "2024")


# ---- the shared samples of real reports (read by hand; figures asserted exactly) -------------


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} not present")
    return path.read_bytes()


ZERO7 = dict.fromkeys(("natural_person", "commercial", "research", "social_welfare"), 0) | {
    "legal_services": 0,
    "other": 0,
    "total": 0,
}


def test_sample_pingtan_2019() -> None:
    """Crawled text, figures run together ("230 000023"): table 三 and 四 read exactly."""
    result = parse_report(sample("reports/01_pingtan_zone_2019.txt"))
    assert (result.format, result.year, result.organ) == ("2019", 2019, "平潭综合实验区")
    t3 = result.tables["table3"]
    nonzero = {
        "new_received": 23, "granted": 7, "partial": 1, "unable.not_held": 7,
        "unable.still_unclear": 5, "not_processed.duplicate": 3, "total_processed": 23,
    }  # fmt: skip
    assert len(t3) == 23
    for key, row in t3.items():
        n = nonzero.get(key, 0)
        assert row == ZERO7 | {"natural_person": n, "total": n}, key
    assert all(row == dict.fromkeys(row, 0) for row in result.tables["table4"].values())
    assert result.tables["table2"]["regulations"] == {
        "new_made": 0,
        "new_published": 0,
        "total_published": 0,
    }
    # "规范性文件898989", "行政许可3960181", …: table 二 has no identity to choose a split.
    ambiguous = {f.cells[0].split(".")[1] for f in result.findings if f.rule == "P1"}
    assert ambiguous == {
        "normative_documents", "licensing", "other_services", "punishment", "coercion",
        "fees", "procurement",
    }  # fmt: skip
    assert [f.rule for f in result.findings] == ["P1"] * 7


def test_sample_shuyang_2023() -> None:
    """Pipe table with blank organisation cells; 2021 layout with the 2019 row label 规范性文件."""
    result = parse_report(sample("reports/05_shuyang_fgj_2023.txt"))
    assert (result.format, result.year, result.organ) == ("2021", 2023, "沭阳县发展和改革局")
    t2 = result.tables["table2"]
    assert t2["normative_documents"] == {"issued": 8, "repealed": 0, "in_force": 18}
    assert t2["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert t2["fees"] == {"amount": 0}
    t3 = result.tables["table3"]
    assert len(t3) == 25
    for key in ("new_received", "granted", "total_processed"):
        assert t3[key]["natural_person"] == 26 and t3[key]["total"] == 26
    assert t3["carried_forward"]["total"] == 0
    assert all(t3[key]["commercial"] is None for key in t3)
    assert result.tables["table4"]["review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    # The only finding: the 125 blank organisation cells (blank is "not reported").
    assert [f.rule for f in result.findings] == ["R7"]
    assert len(result.findings[0].cells) == 25 * 5


def test_sample_pingtan_2016_pre2019() -> None:
    result = parse_report(sample("legacy/L2_pingtan_zone_2016.txt"))
    assert (result.format, result.year, result.organ) == ("pre2019", 2016, "平潭综合实验区")
    stats = result.tables["statistics"]
    # "主动公开文件数条346085376": the split 3460 / 85376 is the one the report's own text
    # states ("2016年全区主动公开政府信息3460条").
    assert stats["proactive_total"] == {"year": 3460, "cumulative": 85376}
    assert stats["proactive.website"] == {"year": 3460, "cumulative": 85376}
    for key in ("proactive.gazette", "applications_total", "replies_total", "review", "litigation"):
        assert stats[key] == {"year": 0, "cumulative": 0}, key
    assert result.tables.get("table3") is None
    # The only finding is real: the 2016 report plans "2016年，我们将采取以下措施".
    assert [(f.rule, f.severity) for f in result.findings] == [("R6", "warning")]
