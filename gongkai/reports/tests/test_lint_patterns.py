"""年报体检: one small fixture of our own per failure pattern of issue 15, and its fix.

Fixtures are built from the golden generator's figures (written by us), laid out in the shapes
real copies reach us in; none is copied from a published report.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.reports import definitions as d
from gongkai.reports.parsing import parse_report
from gongkai.reports.parsing.lint import LintResult, lint_report
from gongkai.reports.tests.golden import generate as gen

SECTIONS = d.SECTION_HEADINGS


def per_line_pipes(fmt: str, data: dict[str, Any]) -> str:
    """One cell per line, each closed by " |"; an empty cell is a lone "|"; spans are "||"."""

    def render(values: list[Any]) -> str:
        if not values:
            return " |\n|||"
        cells = "".join("\n|" if v is None else f"\n{gen._cell(v)} |" for v in values)
        return " |" + cells + "\n||"

    # Table 四's data row has no label cell of its own.
    return gen._text(fmt, data, render, "\n").replace("\n |\n", "\n")


def blank_line_cells(fmt: str, data: dict[str, Any]) -> str:
    """Cells one per line with a blank line between them; an empty cell is one more blank line."""

    def render(values: list[Any]) -> str:
        return "".join("\n" if v is None else f"\n\n{gen._cell(v)}" for v in values)

    return gen._text(fmt, data, render, "\n\n")


def with_blanks(fmt: str, cells: set[str]) -> dict[str, Any]:
    data = gen.expected(fmt)
    for ref in cells:
        row, col = ref.rsplit(".", 1)
        data["table3"][row][col] = None
    return data


def rules(result: LintResult, kind: str | None = None) -> list[str]:
    return [f.rule for f in result.findings if kind is None or f.kind == kind]


def narrative_only(title: str, body: str = "", *, year: int = 2022) -> str:
    return (
        f"{title}\n根据《中华人民共和国政府信息公开条例》编制本报告。\n"
        f"{SECTIONS[0]}\n{body or f'{year}年，我单位认真做好依申请公开和主动公开工作。'}\n"
        f"{SECTIONS[1]}\n全年主动公开信息120条。\n"
    )


# ---- 1. one cell per line with a trailing " |" ------------------------------------------------


@pytest.mark.parametrize("layout", [per_line_pipes, blank_line_cells])
def test_pattern1_cell_per_line_rows_are_read(layout: Any) -> None:
    for fmt in ("2021", "2019"):
        result = parse_report(layout(fmt, gen.expected(fmt)))
        want = gen.expected(fmt)
        tables = result.as_dict()["tables"]
        assert tables["table3"] == want["table3"], fmt
        assert tables["table2"] == want["table2"], fmt
        assert tables["table4"] == want["table4"], fmt
        assert not [f for f in result.findings if f.rule.startswith("P")], fmt


@pytest.mark.parametrize("layout", [per_line_pipes, blank_line_cells])
def test_pattern1_real_blank_cells_are_reported_not_no_figures(layout: Any) -> None:
    blanks = {"new_received.commercial", "new_received.research", "granted.other"}
    result = lint_report(layout("2021", with_blanks("2021", blanks)))
    t3 = result.parsed.tables["table3"]
    assert t3["new_received"]["natural_person"] == 13612 and t3["new_received"]["total"] == 14069
    r7 = [f for f in result.errors if f.rule == "R7"]
    assert len(r7) == 1 and set(r7[0].cells) == {f"table3.{b}" for b in blanks}
    assert not any("没有读到任何数字" in f.message for f in result.findings)


# ---- 2. reports not recognised, years missed -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "year"),
    [
        (narrative_only("我办2022年度政府信息公开情况报告"), None, 2022),
        (narrative_only("关于2022年度政府信息公开情况的报告"), None, 2022),
        (narrative_only("2013年信息公开年度报告", year=2013), None, 2013),
        (
            narrative_only(
                "区农业农村局政府信息公开工作年度报告",
                "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。",
            ),
            None,
            2021,
        ),
        (
            "区文旅局政府信息公开工作年度报告\n发布时间：2023-01-18\n"
            f"{SECTIONS[0]}\n今年，我局依申请公开工作平稳有序。\n",
            None,
            2022,
        ),
        (
            f"镇政府信息公开工作年度报告\n{SECTIONS[0]}\n今年，我镇依申请公开工作平稳有序。\n",
            "http://www.example.gov.cn/zfxxgk/zfxxgknb/2020n/t20210115_1.html",
            2020,
        ),
    ],
)
def test_pattern2_titles_and_years(text: str, url: str | None, year: int) -> None:
    result = parse_report(text, url=url)
    assert result.is_report and result.year == year


def test_pattern2_year_in_a_source_line_url() -> None:
    text = (
        "http://www.example.gov.cn/xxgk/nb/2019n/index.html\n"
        f"政府信息公开工作年度报告\n{SECTIONS[0]}\n今年，依申请公开工作平稳有序。\n"
    )
    result = parse_report(text)
    assert result.year == 2019 and result.source_url and "2019n" in result.source_url


def test_pattern2_statistics_period_beats_a_stale_title() -> None:
    text = narrative_only(
        "街道政府信息公开工作年度报告",
        "我街认真编制了《前进街道2020年政府信息公开工作年度报告》，"
        "所列数据的统计期限自2021年1月1日起至12月31日止。",
    )
    result = lint_report(text)
    assert result.parsed.year == 2021
    stale = [f for f in result.errors if f.rule == "L7"]
    assert stale and "2020" in stale[0].message and stale[0].quote


def test_pattern2_title_at_the_top_wins_and_a_stale_period_is_an_error() -> None:
    text = narrative_only(
        "青禾县林业局2021年政府信息公开工作年度报告",
        "本报告所列数据的统计期限为2020年1月1日至2020年12月31日。",
    )
    result = lint_report(text)
    assert result.parsed.year == 2021
    assert any(f.rule == "R6" and "统计期限" in f.message for f in result.errors)


def test_notices_are_still_not_reports() -> None:
    result = parse_report("关于做好2022年防汛工作的通知\n各单位：请做好值班安排。\n")
    assert not result.is_report


# ---- 3. combined categories in the narrative --------------------------------------------------


def _with_sentence(sentence: str) -> str:
    base = per_line_pipes("2021", gen.expected("2021"))
    return base.replace(SECTIONS[3], sentence + "\n" + SECTIONS[3], 1)


def test_pattern3_combined_categories_compared_with_their_sum() -> None:
    t3 = gen.expected("2021")["table3"]
    both = t3["granted"]["total"] + t3["partial"]["total"]
    ok = lint_report(_with_sentence(f"全年予以公开及部分公开{both}件。"))
    assert not [f for f in ok.findings if f.rule in ("R5", "L3")]
    wrong = lint_report(_with_sentence(f"全年予以公开及部分公开{both + 7}件。"))
    l3 = [f for f in wrong.findings if f.rule == "L3"]
    assert len(l3) == 1 and l3[0].kind == "warning" and str(both) in l3[0].message
    assert not [f for f in wrong.findings if f.rule == "R5" and "予以公开及部分公开" in f.message]


# ---- 4. glued numbers settled by the report's own text ---------------------------------------


def test_pattern4_run_together_row_settled_by_the_text() -> None:
    text = (gen.Path(gen.__file__).parent / "report_2021_runtogether.txt").read_text("utf-8")
    assert "table2.normative_documents.issued" in {
        c for f in parse_report(text).findings if f.rule == "P1" for c in f.cells
    }
    said = "本年制发行政规范性文件564件，废止984件，现行有效4185件。"
    result = parse_report(text.replace(SECTIONS[1], said + SECTIONS[1], 1))
    assert result.tables["table2"]["normative_documents"] == {
        "issued": 564,
        "repealed": 984,
        "in_force": 4185,
    }
    p1 = {c for f in result.findings if f.rule == "P1" for c in f.cells}
    assert "table2.normative_documents.issued" not in p1
    assert "table2.regulations.issued" in p1  # nothing in the text settles that row


# ---- 5. a 2021+ report on the superseded 2019 tables --------------------------------------------


def _retitled(fmt: str, year: int) -> str:
    _organ, old = gen.ORGANS[fmt]
    return per_line_pipes(fmt, gen.expected(fmt)).replace(f"{old}年", f"{year}年")


def test_pattern5_superseded_tables_flagged() -> None:
    late = lint_report(_retitled("2019", 2022))
    assert late.parsed.year == 2022 and late.parsed.format == "2019"
    assert "L5" in rules(late, "error")
    on_time = lint_report(_retitled("2019", 2020))
    assert "L5" not in rules(on_time)


def test_pattern5_old_outline_flagged() -> None:
    text = narrative_only(
        "2021年政府信息公开工作年度报告",
        "本报告由概述、主动公开政府信息情况、政府信息公开的收费及减免情况等部分组成。",
        year=2021,
    )
    assert "L5" in rules(lint_report(text), "error")


# ---- 6. the improvement plan dated to the report's own year ----------------------------------


def test_pattern6_plan_dated_to_own_year() -> None:
    _organ, year = gen.ORGANS["2021"]
    base = per_line_pipes("2021", gen.expected("2021"))
    text = base.replace(f"{year + 1}年，我们将", f"{year}年将从以下方面改进：", 1)
    result = lint_report(text)
    plan = [f for f in result.findings if f.rule in ("L6", "R6") and "改进计划" in f.message]
    assert len(plan) == 1 and plan[0].kind == "warning"
    assert "L6" not in rules(lint_report(base))


# ---- 7. copy-paste residue ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ("申请人可向市政府及市政府办公室提出政府信息公开申请。", True),
        ("编写说明：本部分请概述全年工作。", True),
        ("全年共主动公开条，其中政策文件12条。", True),
        ("（单位名称）认真贯彻《条例》。", True),
        ("XX年，我街道认真贯彻《条例》。", True),
        ("信息来源:1 我街道认真贯彻《条例》。", True),
        ("详见 http://www.example.gov.cn/xxgk/index.html 专栏。", False),
        ("全年累计公开文件，均在网站发布。申请人请填写申请表。", False),
    ],
)
def test_pattern7_residue(body: str, bad: bool) -> None:
    text = narrative_only("前进街道办事处2022年政府信息公开工作年度报告", "我街道" + body)
    found = [f for f in lint_report(text).errors if f.rule in ("L7", "R6")]
    assert bool(found) is bad, found
    if bad:
        assert all(f.kind == "error" and f.message for f in found)


def test_pattern7_county_report_speaking_of_the_city_system() -> None:
    def county(sentence: str) -> str:
        return narrative_only("青禾县人民政府2022年政府信息公开工作年度报告", sentence)

    found = lint_report(county("全市政府系统共主动公开信息3000条。"))
    assert [f.rule for f in found.warnings] == ["L7"] and "市级报告" in found.warnings[0].message
    assert not lint_report(county("全县政府系统共主动公开信息3000条。")).warnings


@pytest.mark.parametrize(
    ("author", "bad"),
    [("青禾县江口镇人民政府", False), ("县政务公开办", False), ("白沙县河口镇人民政府", True)],
)
def test_pattern7_written_by_another_place(author: str, bad: bool) -> None:
    text = narrative_only(
        "江口镇人民政府2022年政府信息公开工作年度报告", f"本年度报告由{author}编制。"
    )
    assert ("L7" in rules(lint_report(text), "error")) is bad


def test_pattern7_template_with_labels_and_no_numbers() -> None:
    fmt = "2021"
    data = gen.expected(fmt)
    empty = {
        "table2": {r: dict.fromkeys(c) for r, c in data["table2"].items()},
        "table3": {r: dict.fromkeys(c) for r, c in data["table3"].items()},
        "table4": {g: dict.fromkeys(c) for g, c in data["table4"].items()},
    }
    result = lint_report(gen.html(fmt, empty))
    template = [f for f in result.errors if f.rule == "L7"]
    assert template and "模板" in template[0].message
    assert "L7" not in rules(lint_report(gen.html(fmt, data)))


# ---- 8. the organ extracted as junk -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "organ"),
    [
        (
            "根据《条例》规定，现公布兴仁市人民政府2021年政府信息公开工作年度报告。\n"
            f"{SECTIONS[0]}\n2021年，依申请公开工作平稳有序。\n",
            "兴仁市人民政府",
        ),
        (
            "根据《年度报告格式》(国办公开办函[2021]30号)和《关于做好2021年政府信息公开工作年度报告"
            f"有关事项的通知》要求编制。\n{SECTIONS[0]}\n2021年，依申请公开工作平稳有序。\n",
            None,
        ),
    ],
)
def test_pattern8_organ_is_a_name_or_nothing(text: str, organ: str | None) -> None:
    result = parse_report(text)
    assert result.is_report and result.organ == organ


# ---- 9. domain checks ---------------------------------------------------------------------------


def test_pattern9_township_cannot_make_regulations() -> None:
    fmt = "2021"
    text = per_line_pipes(fmt, gen.expected(fmt)).replace(
        gen.ORGANS[fmt][0], "青禾市临江区江口镇人民政府"
    )
    result = lint_report(text)
    assert "L9" in rules(result, "error")
    assert "table2.regulations.issued" in next(f for f in result.errors if f.rule == "L9").cells
    assert "L9" not in rules(lint_report(per_line_pipes(fmt, gen.expected(fmt))))


@pytest.mark.parametrize(
    ("sentence", "bad"),
    [
        ("全年收到政府信息公开申请12件，办结15件。", True),
        ("全年新收申请78件，上年结转3件，答复75件，结转下年度继续办理3件。", True),
        ("全年新收申请78件，上年结转3件，答复78件，结转下年度继续办理3件。", False),
        ("全年受理申请21件，均已办结21件。", False),
    ],
)
def test_pattern9_narrative_counts(sentence: str, bad: bool) -> None:
    text = narrative_only("青禾县林业局2022年政府信息公开工作年度报告", sentence)
    assert ("L9" in rules(lint_report(text), "error")) is bad


def test_pattern9_section_count() -> None:
    fmt = "2021"
    base = per_line_pipes(fmt, gen.expected(fmt))
    said = "全文包括总体情况、主动公开、依申请公开、存在问题四个部分。"
    wrong = base.replace(SECTIONS[0], said + "\n" + SECTIONS[0], 1)
    assert "L9" in rules(lint_report(wrong), "error")
    right = base.replace(SECTIONS[0], said.replace("四个", "六个") + "\n" + SECTIONS[0], 1)
    assert "L9" not in rules(lint_report(right))


def test_pattern9_review_narrative_against_table4() -> None:
    fmt = "2021"
    base = per_line_pipes(fmt, gen.expected(fmt))
    text = base.replace(SECTIONS[4], "本年度未发生政府信息公开行政复议。\n" + SECTIONS[4], 1)
    review = [f for f in lint_report(text).findings if f.rule == "R5" and "行政复议" in f.message]
    assert review and all(f.kind == "warning" for f in review)


def test_pattern9_missing_table_under_its_heading() -> None:
    fmt = "2021"
    base = per_line_pipes(fmt, gen.expected(fmt))
    start = base.index(SECTIONS[2]) + len(SECTIONS[2])
    end = base.index(SECTIONS[3])
    text = base[:start] + "\n本年度收到申请情况如下。\n" + base[end:]
    result = lint_report(text)
    missing = [f for f in result.errors if f.rule == "L9" and "table3" in f.cells]
    assert missing and missing[0].quote
    assert not [f for f in lint_report(base).errors if f.rule == "L9"]


def test_pattern9_cumulative_counter_lower_than_last_year() -> None:
    def stats(year: int, cumulative: int) -> str:
        return (
            f"平潭县{year}年政府信息公开工作年度报告\n"
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
            "一、概述\n全年主动公开信息。\n"
            "附表 政府信息公开情况统计表\n指标名称 计量单位 本年度 历年累计\n"
            f"主动公开政府信息数 条 30 {cumulative}\n"
        )

    before = parse_report(stats(2016, 900))
    result = lint_report(stats(2017, 850), previous=before)
    r8 = [f for f in result.findings if f.rule == "R8"]
    assert r8 and r8[0].kind == "warning" and "累计数不应减少" in r8[0].message
    assert not [
        f for f in lint_report(stats(2017, 930), previous=before).findings if f.rule == "R8"
    ]


# ---- severities: parser doubt is its own kind -----------------------------------------------


def test_parser_doubt_is_never_an_error() -> None:
    text = (gen.Path(gen.__file__).parent / "report_2021_runtogether.txt").read_text("utf-8")
    result = lint_report(text[: text.index(SECTIONS[3])])  # cut inside the report
    assert result.doubts and all(f.rule.startswith(("P", "L2", "L8")) for f in result.doubts)
    assert not [f for f in result.errors if f.rule.startswith("P")]
    assert {f.kind for f in result.findings} <= {"error", "warning", "doubt"}


def test_findings_point_at_their_sentence() -> None:
    text = narrative_only(
        "青禾县林业局2022年政府信息公开工作年度报告", "全年收到申请12件，办结15件。"
    )
    result = lint_report(text)
    finding = next(f for f in result.errors if f.rule == "L9")
    assert finding.start >= 0 and result.text[finding.start :].startswith(finding.quote[:10])
