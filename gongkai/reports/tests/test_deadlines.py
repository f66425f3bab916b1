"""Art. 49: statistics of a period are reported once it has ended — the annual report on the
previous calendar year, the 季报 on a finished quarter — by one rule, refused with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.reports import services
from gongkai.reports.deadlines import period_not_ended, quarter_not_ended, report_year_not_ended
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import finding_key, report_check
from gongkai.reports.tests.test_services import ALL_MANUAL, finish


@pytest.mark.parametrize(
    ("end", "today", "refused"),
    [
        (date(2026, 12, 31), date(2026, 12, 3), True),  # the case: 2026 on 2026-12-03
        (date(2026, 12, 31), date(2026, 12, 31), True),  # the last day still counts
        (date(2026, 12, 31), date(2027, 1, 1), False),
        (date(2026, 3, 31), date(2026, 3, 31), True),
        (date(2026, 3, 31), date(2026, 4, 1), False),
        (date(2025, 12, 31), date(2026, 12, 3), False),
    ],
)
def test_one_rule_for_every_period(end: date, today: date, refused: bool) -> None:
    reason = period_not_ended(end=end, today=today, period="该期间", action="报送")
    assert bool(reason) is refused


def test_the_reasons_say_why_and_from_when() -> None:
    annual = report_year_not_ended(year=2026, today=date(2026, 12, 3))
    assert annual is not None
    assert "2026年度尚未结束" in annual and "2027年1月1日起才能提交发布" in annual
    assert "第四十九条" in annual
    assert report_year_not_ended(year=2025, today=date(2026, 1, 1)) is None
    quarter = quarter_not_ended(
        year=2026, quarter=4, end=date(2026, 12, 31), today=date(2026, 12, 3)
    )
    assert quarter is not None and "2026年第4季度尚未结束" in quarter
    assert "2027年1月1日起才能报送" in quarter


def _ready(organ: Any, admin: Any, year: int) -> AnnualReport:
    today = timezone.localdate()
    report = services.report_open(actor=admin, organ=organ, year=year, today=today)
    report = finish(report, admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    return report


@pytest.mark.django_db
def test_a_report_submitted_for_the_current_year_is_refused(
    organ: Any, staff: dict[str, Any]
) -> None:
    """Bad input of issue 13: the report on a year that has not ended cannot go to 保密审查."""
    admin = staff["organ_admin"]
    year = timezone.localdate().year
    report = _ready(organ, admin, year)
    with pytest.raises(ValidationError, match=f"{year}年度尚未结束"):
        services.report_publish(actor=admin, report=report)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and report.item is None and not report.data
    # On 1 January of the next year the same report goes.
    report = services.report_publish(actor=admin, report=report, today=date(year + 1, 1, 1))
    assert report.status == AnnualReport.Status.IN_REVIEW


@pytest.mark.django_db
def test_statistics_of_the_current_year_are_not_submitted_upward(
    make_organ: Any, make_user: Any
) -> None:
    city = make_organ("测试市人民政府", kind="government")
    dept = make_organ("测试市民政局", parent=city)
    admin = make_user(organ=city, roles=("organ_admin",))
    year = timezone.localdate().year
    report = services.report_open(actor=admin, organ=dept, year=year)
    report = services.report_save_figures(actor=admin, report=report, figures=ALL_MANUAL)
    with pytest.raises(ValidationError, match="尚未结束"):
        services.report_submit_upward(actor=admin, report=report)
    report.refresh_from_db()
    assert not report.submitted_to_parent
    services.report_submit_upward(actor=admin, report=report, on=date(year + 1, 1, 5))


@pytest.mark.django_db
def test_the_report_page_explains_instead_of_offering_the_button(
    organ: Any, staff: dict[str, Any]
) -> None:
    admin = staff["organ_admin"]
    year = timezone.localdate().year
    report = _ready(organ, admin, year)
    client = Client()
    client.force_login(admin)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f"{year}年度尚未结束" in html
    assert reverse("reports:publish", args=[report.pk]) not in html
    # A POST anyway (an old page, a script) is refused on the page, not a 500.
    response = client.post(reverse("reports:publish", args=[report.pk]))
    assert response.status_code == 400 and "尚未结束" in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


@pytest.mark.django_db
def test_the_quarterly_statistics_use_the_same_rule(organ: Any, staff: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="2026年第4季度尚未结束"):
        services.quarterly_submit(
            actor=staff["organ_admin"], organ=organ, year=2026, quarter=4, today=date(2026, 12, 3)
        )
    stats = services.quarterly_submit(
        actor=staff["organ_admin"], organ=organ, year=2026, quarter=3, today=date(2026, 12, 3)
    )
    assert stats.quarter == 3
