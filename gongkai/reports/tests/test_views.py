"""Back-office report pages: open, edit with errors kept, findings, publish refusal, exports."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["organ_admin"])
    return client


@pytest.fixture
def report(organ: Any, staff: dict[str, Any]) -> AnnualReport:
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    return services.report_open(actor=staff["organ_admin"], organ=organ, year=2025)


def test_open_report_from_index(admin_client: Client, organ: Any) -> None:
    url = reverse("reports:index")
    assert admin_client.get(url).status_code == 200
    bad = admin_client.post(url, {"organ": organ.pk, "year": "二〇二五", "scope": "self"})
    assert bad.status_code == 200 and "请填写四位年份" in bad.content.decode()
    response = admin_client.post(url, {"organ": organ.pk, "year": "2025", "scope": "self"})
    report = AnnualReport.objects.get(organ=organ, year=2025)
    assert response["Location"] == reverse("reports:detail", args=[report.pk])


def test_detail_shows_tables_findings_and_charts(
    admin_client: Client, report: AnnualReport
) -> None:
    html = admin_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "申请人情况" in html and 'rowspan="8"' in html
    assert 'data-cell="table3.new_received.total">1<' in html
    assert "尚未写完" in html  # N1 on the drafted sections
    assert "<svg" in html and 'role="img"' in html
    assert "第二十条第（五）项 行政许可：本年处理决定数量" in html


def test_figure_errors_keep_what_was_typed(admin_client: Client, report: AnnualReport) -> None:
    url = reverse("reports:figures", args=[report.pk])
    response = admin_client.post(
        url,
        {
            "fig-value__table2__licensing__decisions": "12",
            "fig-source__table2__licensing__decisions": "",
            "fig-value__table2__punishment__decisions": "abc",
            "fig-source__table2__punishment__decisions": "执法系统导出",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请注明数据来源" in html and "请填写数字" in html
    assert 'value="abc"' in html and 'value="执法系统导出"' in html
    ok = admin_client.post(
        url,
        {
            "fig-value__table2__licensing__decisions": "12",
            "fig-source__table2__licensing__decisions": "审批系统",
        },
    )
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.manual_figures["table2.licensing.decisions"] == {
        "value": "12",
        "source": "审批系统",
    }


def test_publish_refused_is_explained_not_500(admin_client: Client, report: AnnualReport) -> None:
    response = admin_client.post(reverse("reports:publish", args=[report.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "不能完成该操作" in html and "N1" in html


def test_sections_save_and_redraft(admin_client: Client, report: AnnualReport) -> None:
    data = {f"sec-{k}": f"{k}的正文" for k in report.sections}
    assert admin_client.post(reverse("reports:sections", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.sections["overview"] == "overview的正文"
    admin_client.post(reverse("reports:redraft", args=[report.pk]), {"key": "applications"})
    report.refresh_from_db()
    assert "新收政府信息公开申请1件" in report.sections["applications"]
    assert report.sections["overview"] == "overview的正文"


@pytest.mark.parametrize("fmt", ["json", "html", "docx", "xlsx"])
def test_exports_download(admin_client: Client, report: AnnualReport, fmt: str) -> None:
    response = admin_client.get(reverse("reports:export", args=[report.pk, fmt]))
    assert response.status_code == 200
    assert response.content
    assert f".{fmt}" in response["Content-Disposition"]


def test_other_organs_get_403(
    client: Client, make_user: Any, make_organ: Any, report: AnnualReport
) -> None:
    other = make_organ("另一机关")
    client.force_login(make_user(organ=other, roles=("organ_admin",)))
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 403
    client.force_login(make_user(organ=report.organ, roles=("editor",)))
    assert client.get(reverse("reports:index")).status_code == 403


def test_deadlines_dashboard(client: Client, make_organ: Any, make_user: Any) -> None:
    city = make_organ("测试市人民政府", kind="government")
    dept = make_organ("测试市教育局", parent=city)
    make_organ("测试市某镇人民政府", parent=city, kind="government", level="township")
    admin = make_user(organ=city, roles=("organ_admin",))
    published = services.report_open(actor=admin, organ=dept, year=2024)
    AnnualReport.objects.filter(pk=published.pk).update(
        status="published", published_at="2025-01-20T10:00:00+08:00"
    )
    client.force_login(admin)
    html = client.get(
        reverse("reports:deadlines"), {"organ": city.pk, "year": 2024}
    ).content.decode()
    assert "已按时发布1个" in html and "逾期未发布2个" in html
    assert "2025年1月31日" in html and "2025年3月31日" in html
    response = client.post(
        reverse("reports:index"), {"organ": city.pk, "year": 2024, "scope": "subtree"}
    )
    assert AnnualReport.objects.filter(organ=city, scope="subtree").exists()
    assert response.status_code == 302


def test_quarterly_page(client: Client, make_organ: Any, make_user: Any) -> None:
    organ = make_organ()
    admin = make_user(organ=organ, roles=("organ_admin",))
    client.force_login(admin)
    assert client.get(reverse("reports:quarterly")).status_code == 200
    ok = client.post(
        reverse("reports:quarterly"),
        {"organ": organ.pk, "year": 2025, "quarter": 2, "scope": "self"},
    )
    assert ok.status_code == 302
    bad = client.post(
        reverse("reports:quarterly"),
        {"organ": organ.pk, "year": 2099, "quarter": 2, "scope": "self"},
    )
    assert bad.status_code == 400 and "尚未结束" in bad.content.decode()


def test_opening_a_report_page_writes_nothing(
    admin_client: Client, staff: dict[str, Any], report: AnnualReport, make_draft: Any
) -> None:
    """The report follows its item by the item's signal, never by a sync on a GET: even a report
    whose item was returned without the signal (as before this was fixed) stays as it is."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.core.models import AuditEvent
    from gongkai.reports.tests.test_services import ALL_MANUAL

    services.report_save_figures(actor=staff["organ_admin"], report=report, figures=ALL_MANUAL)
    item = make_draft()  # the report's item, 退回 to a draft
    AnnualReport.objects.filter(pk=report.pk).update(status="in_review", item=item, data={})
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    report.refresh_from_db()
    assert report.status == "in_review" and AuditEvent.objects.count() == events


def test_reopen_a_withdrawn_report(
    admin_client: Client, client: Client, staff: dict[str, Any], report: AnnualReport
) -> None:
    url = reverse("reports:reopen", args=[report.pk])
    detail = reverse("reports:detail", args=[report.pk])
    assert "重新编制" not in admin_client.get(detail).content.decode()
    refused = admin_client.post(url)  # a draft: the table refuses, explained on the page
    assert refused.status_code == 400 and "不能执行“重新编制”" in refused.content.decode()
    AnnualReport.objects.filter(pk=report.pk).update(status="withdrawn")
    html = admin_client.get(detail).content.decode()
    assert "已撤回" in html and f'action="{url}"' in html
    client.force_login(staff["approver"])
    assert client.post(url).status_code == 403
    assert admin_client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"
