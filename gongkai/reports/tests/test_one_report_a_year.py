"""Exactly one annual report per organ and year (Art. 49–50): the table's constraint, the
catalog's 年报 column, imported history, and the demo that once published two."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.importing import ReportImportError, report_import
from gongkai.reports.models import AnnualReport, ReportImport
from gongkai.reports.selectors import finding_key, report_check
from gongkai.reports.tests.factories import make_case
from gongkai.reports.tests.test_parse_import import GOLDEN
from gongkai.reports.tests.test_services import TODAY, Y, finish

pytestmark = pytest.mark.django_db


def _ready(organ: Any, admin: Any) -> AnnualReport:
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    report = finish(services.report_open(actor=admin, organ=organ, year=Y, today=TODAY), admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    return report


def test_the_table_holds_one_report_per_organ_year_and_scope(organ: Any) -> None:
    AnnualReport.objects.create(organ=organ, year=2025)
    AnnualReport.objects.create(organ=organ, year=2025, scope="subtree")  # 汇总: another report
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(organ=organ, year=2025)


def test_a_second_published_report_of_the_year_is_refused(
    organ: Any, staff: dict[str, Any], make_draft: Any, publish: Any
) -> None:
    """The year's report already published in the 年报 column (before the platform, or filed by
    hand): submitting the platform's report for the same year would publish a second one."""
    from gongkai.catalog.models import Column

    column = Column.objects.get(organ=organ, kind=Column.Kind.ANNUAL_REPORT)
    earlier = publish(make_draft(column=column, title=f"{organ.name}{Y}年政府信息公开工作年度报告"))
    other_year = publish(
        make_draft(column=column, title=f"{organ.name}{Y - 1}年政府信息公开工作年度报告")
    )
    assert earlier.status == other_year.status == "published"
    admin = staff["organ_admin"]
    report = _ready(organ, admin)
    with pytest.raises(ValidationError, match="每个机关每年只发布一份年度报告") as exc:
        services.report_publish(actor=admin, report=report)
    assert earlier.index_number in exc.value.messages[0]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and report.item is None
    # Withdrawn, the earlier one no longer stands in the way: the platform's report replaces it.
    from gongkai.catalog.services import workflow

    workflow.item_withdraw(actor=staff["approver"], item=earlier, reason="以平台编制的报告为准")
    report = services.report_publish(actor=admin, report=report)
    assert report.status == AnnualReport.Status.IN_REVIEW


def test_importing_a_year_the_platform_has_published_is_refused(
    organ: Any, staff: dict[str, Any]
) -> None:
    admin = staff["organ_admin"]
    report = services.report_publish(actor=admin, report=_ready(organ, admin))
    assert report.status == AnnualReport.Status.IN_REVIEW
    text = (GOLDEN / "report_2021.html").read_text(encoding="utf-8")
    with pytest.raises(ReportImportError, match="以平台中的报告为准"):
        report_import(actor=admin, organ=organ, year=Y, text_or_bytes=text, source_url="")
    assert not ReportImport.objects.exists()
    # Another year is history the platform does not hold: imported as before.
    record, _findings = report_import(
        actor=admin, organ=organ, year=Y - 1, text_or_bytes=text, source_url=""
    )
    assert record.year == Y - 1


def test_the_import_page_says_so_before_confirming(organ: Any, staff: dict[str, Any]) -> None:
    admin = staff["organ_admin"]
    services.report_publish(actor=admin, report=_ready(organ, admin))
    client = Client()
    client.force_login(admin)
    text = (GOLDEN / "report_2021.html").read_text(encoding="utf-8")
    html = client.post(
        reverse("reports:import"),
        {"step": "preview", "organ": organ.pk, "year": str(Y), "text": text},
    ).content.decode()
    assert "以平台中的报告为准" in html


class _Demo:
    """A DemoOrgan stand-in: what the planner reads."""

    def __init__(self, organ: Any) -> None:
        self.organ = organ
        self.key = "test"
        self.is_government = False


def test_the_demo_plans_no_report_the_report_workflow_makes(organ: Any) -> None:
    """The demo once published, for its last year, both a planned item (placeholder spreadsheet,
    no tables) and the report written through the workflow: the planner stops before it."""
    from gongkai.demo.content import Planner
    from gongkai.demo.reports import report_years

    for today in (date(2026, 12, 3), date(2027, 2, 10)):
        plans = Planner(random.Random(5), today).annual_reports(_Demo(organ))  # type: ignore[arg-type]
        years = {int(p.title.split(organ.name)[1][:4]) for p in plans}
        assert years, today
        assert max(years) < report_years(today)[0], (today, years)
        assert all(p.attachments == () for p in plans)  # no 项目1…项目N spreadsheet
        assert all('<table class="report-table"' in p.body for p in plans)


def test_historic_demo_reports_carry_tables_that_pass_the_checks() -> None:
    """A demo history report read back by the report parser: every table, no error."""
    from gongkai.demo.reports import historic_report_body
    from gongkai.reports.parsing import parse_report

    for seed, year in ((1, 2023), (2, 2024), (3, 2020)):
        body = historic_report_body(
            random.Random(seed), organ="测试市人力资源和社会保障局", year=year, is_government=False
        )
        parsed = parse_report(
            f"<h1>测试市人力资源和社会保障局{year}年政府信息公开工作年度报告</h1>{body}"
        )
        assert parsed.is_report
        errors = [f for f in parsed.findings if f.severity == "error"]
        assert errors == [], errors
        tables = parsed.as_dict()["tables"]
        assert {"table2", "table3", "table4"} <= set(tables)
        t3 = tables["table3"]
        assert t3["new_received"]["total"] == t3["total_processed"]["total"] > 0
