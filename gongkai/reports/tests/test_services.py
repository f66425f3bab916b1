"""Services: open with drafts, figures with sources, warnings, publish through the catalog."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.reports import services
from gongkai.reports.definitions import Finding
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import finding_key, report_check, report_data
from gongkai.reports.tests.factories import make_case

pytestmark = pytest.mark.django_db
Y = 2025
TODAY = date(2026, 1, 10)

ALL_MANUAL = {
    "table2.regulations.issued": ("0", "法制科"),
    "table2.regulations.repealed": ("0", "法制科"),
    "table2.regulations.in_force": ("0", "法制科"),
    "table2.licensing.decisions": ("12", "行政审批系统年度统计"),
    "table2.punishment.decisions": ("3", "执法系统"),
    "table2.coercion.decisions": ("0", "执法系统"),
    "table2.fees.amount": ("1.5", "财务科"),
}


def finish(report: AnnualReport, admin: Any) -> AnnualReport:
    """Fill every figure and write every section (what the 公开办 does before publishing)."""
    report = services.report_save_figures(actor=admin, report=report, figures=ALL_MANUAL)
    sections = {k: v.split("【")[0] + "本机关实际情况。" for k, v in report.sections.items()}
    return services.report_save_sections(actor=admin, report=report, sections=sections)


@pytest.fixture
def admin(staff: dict[str, Any]) -> Any:
    return staff["organ_admin"]


@pytest.fixture
def report(organ: Any, admin: Any) -> AnnualReport:
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    make_case(organ, received=date(2025, 12, 29))
    return services.report_open(actor=admin, organ=organ, year=Y, today=TODAY)


def test_open_drafts_sections_from_figures(report: AnnualReport, admin: Any, organ: Any) -> None:
    assert "新收政府信息公开申请2件" in report.sections["applications"]
    assert "结转下年度继续办理1件" in report.sections["applications"]
    assert set(report.sections) == {
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems",
        "other",
    }
    again = services.report_open(actor=admin, organ=organ, year=Y, today=TODAY)
    assert again.pk == report.pk


def test_open_refuses_bad_year_and_strangers(organ: Any, admin: Any, staff: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="报告年度"):
        services.report_open(actor=admin, organ=organ, year=2030, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.report_open(actor=staff["editor"], organ=organ, year=Y, today=TODAY)


def test_figures_need_numbers_and_a_source(report: AnnualReport, admin: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.report_save_figures(
            actor=admin,
            report=report,
            figures={
                "table2.licensing.decisions": ("12", ""),
                "table2.punishment.decisions": ("十二", "系统"),
                "table2.coercion.decisions": ("-1", "系统"),
                "table2.fees.amount": ("2.5", "财务"),
                "table3.granted.total": ("9", "手填"),
            },
        )
    errors = exc.value.message_dict
    assert "来源" in errors["table2.licensing.decisions"][0]
    assert "数字" in errors["table2.punishment.decisions"][0]
    assert "负数" in errors["table2.coercion.decisions"][0]
    assert "不能人工填报" in errors["table3.granted.total"][0]
    assert "table2.fees.amount" not in errors
    report.refresh_from_db()
    assert report.manual_figures == {}  # nothing saved when any cell is wrong
    report = services.report_save_figures(actor=admin, report=report, figures=dict(ALL_MANUAL))
    data = report_data(report)
    assert data.tables["table2"]["licensing"]["decisions"] == 12
    assert str(data.tables["table2"]["fees"]["amount"]) == "1.5"


def test_publish_refused_with_explained_errors(report: AnnualReport, admin: Any) -> None:
    with pytest.raises(services.ReportBlocked) as exc:
        services.report_publish(actor=admin, report=report)
    rules = {f.rule for f in exc.value.findings}
    assert "N1" in rules  # sections still hold 【】 prompts
    assert any("尚未写完" in m for m in exc.value.messages)
    report.refresh_from_db()
    assert report.status == "draft" and report.item is None


def test_publish_goes_through_catalog_workflow(
    report: AnnualReport,
    admin: Any,
    staff: dict[str, Any],
    organ: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow

    report = finish(report, admin)
    check = report_check(report)
    for warning in check.open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    assert report_check(report).can_publish, report_check(report).findings
    report = services.report_publish(actor=admin, report=report)
    assert report.status == AnnualReport.Status.IN_REVIEW
    item = report.item
    assert item is not None
    assert item.status == "secrecy_review"
    assert item.column == Column.objects.get(organ=organ, kind="annual_report")
    assert item.title == f"{organ.name}2025年政府信息公开工作年度报告"
    assert "申请人情况" in item.body and 'rowspan="8"' in item.body
    assert item.attachments.get().original_name.endswith(".docx")
    assert report.data["tables"]["table3"]["new_received"]["total"] == 2
    # Frozen: a case registered later does not change the submitted report.
    make_case(organ, received=date(2025, 6, 1))
    assert report_data(report).tables["table3"]["new_received"]["total"] == 2
    with pytest.raises(ValidationError):
        services.report_save_sections(actor=admin, report=report, sections={"other": "x"})

    workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="经审查，同意公开。")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_publish(actor=staff["approver"], item=item)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.published_at is not None
    item.refresh_from_db()
    assert item.index_number.startswith(organ.org_code)


def test_returned_item_makes_the_report_a_draft_again(
    report: AnnualReport,
    admin: Any,
    staff: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from gongkai.catalog.services import workflow

    report = finish(report, admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    report = services.report_publish(actor=admin, report=report)
    assert report.item is not None
    # The report follows the item's 退回 on commit (reports/receivers.py), not on a page view.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_return(actor=staff["secrecy"], item=report.item, comment="数据需核对")
    report.refresh_from_db()
    assert report.status == "draft" and report.data == {}
    item_pk = report.item_id
    report = services.report_publish(actor=admin, report=report)
    assert report.item_id == item_pk  # the returned item is reused, not duplicated
    assert report.item is not None and report.item.attachments.count() == 1


def test_acknowledge_only_warnings(
    report: AnnualReport, admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.reports import selectors

    warning = Finding("R8", "warning", ["table3.carried_over.total"], "上年结转与上年报告不一致")
    error = Finding("R1", "error", ["table3.new_received.total"], "勾稽关系不成立")
    monkeypatch.setattr(selectors, "validate", lambda data, previous: [warning, error])
    with pytest.raises(ValidationError, match="不能确认"):
        services.report_acknowledge(actor=admin, report=report, key=finding_key(error))
    report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    check = report_check(report)
    assert check.open_warnings == [] and error in check.errors
    assert report.__class__.objects.get(pk=report.pk).acknowledged[0]["key"] == finding_key(warning)


def test_r8_previous_year_published_is_passed_to_the_validator(
    report: AnnualReport, organ: Any, admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.reports import selectors

    seen: list[Any] = []

    def spy(data: Any, previous: Any) -> list[Any]:
        seen.append(previous)
        return []

    monkeypatch.setattr(selectors, "validate", spy)
    AnnualReport.objects.create(
        organ=organ,
        year=Y - 1,
        status="published",
        data={
            "format": "2021",
            "year": Y - 1,
            "organ": organ.name,
            "tables": {"table3": {"carried_forward": {"total": 5}}},
        },
    )
    report_check(report)
    assert seen[0].cell("table3", "carried_forward", "total") == 5


def test_submit_upward_and_quarterly(make_organ: Any, make_user: Any) -> None:
    city = make_organ("测试市人民政府", kind="government")
    dept = make_organ("测试市教育局", parent=city)
    admin = make_user(organ=city, roles=("organ_admin",))
    make_case(dept, received=date(2025, 2, 5), closed=date(2025, 4, 9))
    report = services.report_open(actor=admin, organ=dept, year=Y, today=TODAY)
    with pytest.raises(services.ReportBlocked, match="R7"):  # blank figures are not submitted
        services.report_submit_upward(actor=admin, report=report, on=TODAY)
    report = services.report_save_figures(actor=admin, report=report, figures=ALL_MANUAL)
    report = services.report_submit_upward(actor=admin, report=report, on=TODAY)
    assert report.submitted_to_parent and report.submitted_on == TODAY
    top = services.report_open(actor=admin, organ=city, year=Y, today=TODAY)
    with pytest.raises(ValidationError, match="没有上级"):
        services.report_submit_upward(actor=admin, report=top)

    q1 = services.quarterly_submit(actor=admin, organ=city, year=Y, quarter=1, scope="subtree")
    t3 = q1.data["tables"]["table3"]
    assert t3["new_received"]["total"] == 1 and t3["carried_forward"]["total"] == 1
    q2 = services.quarterly_submit(actor=admin, organ=city, year=Y, quarter=2, scope="subtree")
    assert q2.data["tables"]["table3"]["carried_over"]["total"] == 1
    assert q2.data["tables"]["table3"]["total_processed"]["total"] == 1
    with pytest.raises(ValidationError, match="尚未结束"):
        services.quarterly_submit(actor=admin, organ=city, year=2026, quarter=4)


def test_statutory_deadlines(make_organ: Any, settings: Any) -> None:
    from gongkai.reports.deadlines import deadline_for

    gov = make_organ("测试县人民政府", kind="government", level="county")
    dept = make_organ("测试县教育局", parent=gov)
    town = make_organ("测试镇人民政府", parent=gov, kind="government", level="township")
    assert deadline_for(dept, 2025) == date(2026, 1, 31)  # Art. 49 para 1
    assert deadline_for(gov, 2025) == date(2026, 3, 31)  # Art. 49 para 2
    assert deadline_for(town, 2025) == date(2026, 3, 31)
    assert deadline_for(dept, 2017) == date(2018, 3, 31)  # before the 2019 revision
    settings.GONGKAI = {**settings.GONGKAI, "ANNUAL_REPORT_TOWNSHIP_DEADLINE": "02-15"}
    assert deadline_for(town, 2025) == date(2026, 2, 15)


def test_report_year_in_preparation(settings: Any) -> None:
    from gongkai.reports.deadlines import report_year_in_preparation

    assert report_year_in_preparation(date(2026, 3, 31)) == 2025  # governments until 31 March
    assert report_year_in_preparation(date(2026, 4, 1)) == 2026
    settings.GONGKAI = {**settings.GONGKAI, "ANNUAL_REPORT_TOWNSHIP_DEADLINE": "04-30"}
    assert report_year_in_preparation(date(2026, 4, 15)) == 2025  # a later local deadline
