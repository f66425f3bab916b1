"""The annual report drafts state the figures (reports/narrative.py reads them through
`report_workforce`): the organ's own, or the subtree's with who has not reported."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.reports import services as report_services
from gongkai.reports.narrative import draft_sections
from gongkai.reports.selectors import report_data
from gongkai.workforce.services import figures_save
from gongkai.workforce.tests.conftest import TODAY, figures

pytestmark = pytest.mark.django_db


def test_own_report_states_the_figures(people: dict[str, Any], county: Any) -> None:
    figures_save(actor=people["office"], organ=county, year=2025, values=figures(), today=TODAY)
    report = report_services.report_open(
        actor=people["office"], organ=county, year=2025, today=date(2026, 1, 10)
    )
    overview = report.sections["overview"]
    assert "本机关有政府信息公开工作专职人员2人、兼职人员5人，" in overview
    assert "专项经费12.5万元" in overview and "接受培训80人次" in overview
    # The figures come before the prompt, so an office that keeps the head keeps them.
    assert overview.index("专职人员") < overview.index("【")


def test_subtree_report_names_who_has_not_reported(
    people: dict[str, Any], county: Any, dept: Any, other_dept: Any
) -> None:
    figures_save(actor=people["office"], organ=county, year=2025, values=figures(), today=TODAY)
    figures_save(actor=people["office"], organ=dept, year=2025, values=figures(), today=TODAY)
    report = report_services.report_open(
        actor=people["office"],
        organ=county,
        year=2025,
        scope="subtree",
        today=date(2026, 1, 10),
    )
    overview = report.sections["overview"]
    assert "纳入汇总的2个机关共有政府信息公开工作专职人员4人" in overview
    assert "【岚山县教育局尚未填报人员、经费和培训情况" in overview
    # Redrafting after the last organ reports: the sum and no missing prompt.
    figures_save(actor=people["office"], organ=other_dept, year=2025, values=figures(), today=TODAY)
    report = report_services.report_redraft_section(
        actor=people["office"], report=report, key="overview"
    )
    assert "纳入汇总的3个机关共有政府信息公开工作专职人员6人" in report.sections["overview"]
    assert "尚未填报" not in report.sections["overview"]


def test_not_reported_is_a_prompt_not_zero(people: dict[str, Any], county: Any) -> None:
    report = report_services.report_open(
        actor=people["office"], organ=county, year=2025, today=date(2026, 1, 10)
    )
    overview = report.sections["overview"]
    assert "【尚未填报本年度政府信息公开工作人员、经费和培训情况" in overview
    assert "专职人员0人" not in overview


def test_without_workforce_the_draft_is_as_before(people: dict[str, Any], county: Any) -> None:
    report = report_services.report_open(
        actor=people["office"], organ=county, year=2025, today=date(2026, 1, 10)
    )
    plain = draft_sections(report_data(report))["overview"]
    assert "人员" not in plain.split("【")[0]
