"""R1–R8 on a consistent report (the golden 2021 figures) broken one rule at a time."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from gongkai.reports.definitions import Finding, ReportData
from gongkai.reports.tests.golden import generate as gen
from gongkai.reports.validation import validate_report


def report(fmt: str = "2021", **sections: str) -> ReportData:
    organ, year = gen.ORGANS[fmt]
    text = gen.narrative(fmt)
    text["overview"] = text.pop("preface") + text["overview"]
    text.update(sections)
    return ReportData(fmt, year, organ, copy.deepcopy(gen.expected(fmt)), text)  # type: ignore[arg-type]


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_consistent_report_has_no_findings(fmt: str) -> None:
    assert validate_report(report(fmt)) == []


def test_r1_per_column() -> None:
    r = report()
    t3: dict[str, Any] = r.tables["table3"]
    t3["carried_forward"]["natural_person"] += 1
    t3["carried_forward"]["total"] += 1  # row still adds up (R3), results still add up (R2)
    found = validate_report(r)
    assert rules(found) == ["R1", "R1"]
    assert "table3.carried_forward.natural_person" in found[0].cells
    assert found[0].severity == "error" and "第一项加第二项之和" in found[0].message


def test_r2_results_sum_to_total_even_when_r1_holds() -> None:
    r = report()
    t3: dict[str, Any] = r.tables["table3"]
    t3["denied.third_party"]["commercial"] += 2
    t3["denied.third_party"]["total"] += 2
    found = validate_report(r)
    assert rules(found) == ["R2", "R2"]
    assert "table3.denied.third_party.commercial" in found[0].cells
    assert "table3.total_processed.commercial" in found[0].cells


def test_r3_per_row() -> None:
    r = report()
    r.tables["table3"]["denied.third_party"]["research"] = 1  # row no longer sums to 51
    found = validate_report(r)
    assert "R3" in rules(found)
    r3 = only(found, "R3")[0]
    assert r3.cells[-1] == "table3.denied.third_party.total" and "不等于“总计”51" in r3.message


def test_r4_table4_groups() -> None:
    r = report()
    r.tables["table4"]["litigation_after_review"]["upheld"] = 75  # 75+1+30+51 ≠ 156
    found = validate_report(r)
    assert rules(found) == ["R4"]
    assert found[0].cells[-1] == "table4.litigation_after_review.total"
    assert "复议后起诉" in found[0].message


def test_r5_narrative_counts_and_percentages() -> None:
    r = report(applications="全年予以公开5500件，占办结总数的40.2%。")
    found = only(validate_report(r), "R5")
    assert len(found) == 2  # 5500 ≠ 5548, and 5500 of 13810 is 39.8%, not 40.2%
    assert found[0].cells == ["table3.granted.total"] and "5548" in found[0].message
    r = report(review_litigation="全年未发生政府信息公开行政复议。")
    assert only(validate_report(r), "R5")[0].cells == ["table4.review.total"]
    r = report(overview="全年共收到政府信息公开申请14629件。")  # new + carried over: accepted
    assert only(validate_report(r), "R5") == []


def test_r6_template_residue_and_years() -> None:
    found = validate_report(report(other="（编写说明：此处可先适当综述）\nXX局\n2025年1月20日"))
    assert only(found, "R6") and "模板说明文字" in only(found, "R6")[0].message
    found = validate_report(
        report(overview="本报告所列数据的统计期限为2023年1月1日至2023年12月31日。")
    )
    assert any("统计期限" in f.message for f in only(found, "R6"))
    found = validate_report(report(other="青禾市数据资源管理局\n2024年12月20日"))
    assert any("早于" in f.message for f in only(found, "R6"))
    found = validate_report(report(problems="2024年，我们将加强培训。"))
    assert [(f.rule, f.severity) for f in found] == [("R6", "warning")]
    found = validate_report(report(other="2025年2月30日"))
    assert any("不存在" in f.message for f in only(found, "R6"))


def test_r7_blank_is_not_zero_and_values_must_be_valid() -> None:
    r = report()
    r.tables["table3"]["granted"]["research"] = None
    r.tables["table2"]["fees"]["amount"] = None
    found = validate_report(r)
    r7 = only(found, "R7")
    assert {c for f in r7 for c in f.cells} == {"table3.granted.research", "table2.fees.amount"}
    # the blank is not summed as 0: R2/R3 on that row and column are not reported
    assert rules(found) == ["R7", "R7"]
    r = report()
    r.tables["table4"]["review"]["pending"] = -1
    r.tables["table2"]["fees"]["amount"] = Decimal("12.5")  # 万元 amounts may be decimals
    found = only(validate_report(r), "R7")
    assert [f.cells for f in found] == [["table4.review.pending"]]


def test_r7_signed_change_column_in_2019() -> None:
    r = report("2019")
    assert r.tables["table2"]["licensing"]["change"] == -3
    assert only(validate_report(r), "R7") == []


def test_r8_across_years() -> None:
    previous = report()
    previous.year = 2023
    previous.tables["table3"]["carried_forward"] = dict(report().tables["table3"]["carried_over"])
    previous.tables["table2"]["regulations"]["in_force"] = 76  # 76 + 3 − 5 = 74
    previous.tables["table2"]["normative_documents"]["in_force"] = 4605  # + 564 − 984 = 4185
    assert validate_report(report(), previous=previous) == []
    previous.tables["table3"]["carried_forward"]["natural_person"] = 530
    found = validate_report(report(), previous=previous)
    assert rules(found) == ["R8"]
    assert found[0].cells == ["table3.carried_over.natural_person"] and "530" in found[0].message
    assert found[0].severity == "warning"
    previous.tables["table2"]["regulations"]["in_force"] = 70  # 70 + 3 − 5 ≠ 74
    cells = {c for f in validate_report(report(), previous=previous) for c in f.cells}
    assert "table2.regulations.in_force" in cells


def test_r8_cumulative_never_decreases() -> None:
    now = ReportData("pre2019", 2016, "x", {"statistics": {"review": {"year": 2, "cumulative": 9}}})
    before = ReportData(
        "pre2019", 2015, "x", {"statistics": {"review": {"year": 3, "cumulative": 10}}}
    )
    assert rules(validate_report(now, previous=before)) == ["R8"]
    assert validate_report(now) == []
    now.tables["statistics"]["review"]["cumulative"] = 1
    assert rules(validate_report(now)) == ["R8"]
