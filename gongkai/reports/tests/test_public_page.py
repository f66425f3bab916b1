"""The published report's public page shows its charts (the item body cannot carry SVG)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import finding_key, report_check
from gongkai.reports.tests.factories import make_case
from gongkai.reports.tests.test_services import TODAY, Y, finish

pytestmark = pytest.mark.django_db


def _publish(organ: Any, staff: dict[str, Any], capture: Any) -> AnnualReport:
    from gongkai.catalog.services import workflow

    admin = staff["organ_admin"]
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    make_case(organ, received=date(2025, 12, 29))
    report = finish(services.report_open(actor=admin, organ=organ, year=Y, today=TODAY), admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    report = services.report_publish(actor=admin, report=report)
    assert report.item is not None
    workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=report.item, opinion="经审查，同意公开。"
    )
    with capture(execute=True):
        workflow.item_publish(actor=staff["approver"], item=report.item)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    return report


def test_public_report_page_draws_the_charts_from_the_frozen_figures(
    client: Any, organ: Any, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = _publish(organ, staff, django_capture_on_commit_callbacks)
    assert report.item is not None
    # A case registered after publication changes nothing on the public page.
    make_case(organ, received=date(2025, 6, 1))

    html = client.get(report.item.get_absolute_url()).content.decode()
    assert 'aria-labelledby="charts-title"' in html
    assert html.count('role="img"') >= 2  # the QR code is an image too, outside the section
    charts = html.split('id="charts-title"', 1)[1].split("</section>", 1)[0]
    assert "2025年办理结果分布" in charts
    # Two applications received in 2025 when it was frozen, both from natural persons.
    assert "2025年新收申请的申请人类型" in charts and "自然人2件" in charts

    printed = client.get(reverse("portal:item_print", args=[report.item.pk])).content.decode()
    assert "2025年办理结果分布" in printed


def test_other_items_have_no_chart_section(
    client: Any, make_draft: Any, publish: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(make_draft())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert 'id="charts-title"' not in response.content.decode()
    # An item outside the 年报 columns costs no report lookup.
    assert not [q for q in queries if AnnualReport._meta.db_table in q["sql"]]
