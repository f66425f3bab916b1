"""The report follows its item through the events issue 13 added to the item's table: the 审核
step (审核通过 moves nothing, 退回 from 待审核 makes the report a draft) and 恢复发布 (the
restored item is 签发 again: the report is published again)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Item
from gongkai.catalog.models import Status as ItemStatus
from gongkai.catalog.services import published, workflow
from gongkai.reports import services
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import finding_key, report_check
from gongkai.reports.tests.factories import make_case
from gongkai.reports.tests.test_services import TODAY, Y, finish

pytestmark = pytest.mark.django_db
Status = AnnualReport.Status


def _submit(organ: Any, staff: dict[str, Any]) -> AnnualReport:
    admin = staff["organ_admin"]
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    report = finish(services.report_open(actor=admin, organ=organ, year=Y, today=TODAY), admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    return services.report_publish(actor=admin, report=report)


def _item(report: AnnualReport) -> Item:
    assert report.item_id is not None
    return Item.objects.get(pk=report.item_id)


def test_with_the_review_step_the_report_waits_and_follows_a_return(
    organ: Any, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    organ.review_step = True
    organ.save()
    report = _submit(organ, staff)
    item = _item(report)
    assert report.status == Status.IN_REVIEW and item.status == ItemStatus.PENDING_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_approve_review(actor=staff["reviewer"], item=item)
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW  # 审核通过 drives nothing
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_return(actor=staff["secrecy"], item=item, comment="表三需核对")
    report.refresh_from_db()
    assert report.status == Status.DRAFT

    # Returned straight from 待审核 too.
    report = services.report_publish(actor=staff["organ_admin"], report=report)
    item = _item(report)
    assert item.status == ItemStatus.PENDING_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_return(actor=staff["reviewer"], item=item, comment="请补充说明")
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_a_restored_item_publishes_its_report_again(
    organ: Any, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = _submit(organ, staff)
    item = _item(report)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="同意公开。")
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.item_publish(actor=staff["approver"], item=item)
        item = workflow.item_withdraw(actor=staff["approver"], item=item, reason="误撤回")
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN
    with django_capture_on_commit_callbacks(execute=True):
        item = published.item_restore(actor=staff["organ_admin"], item=item, reason="误撤回")
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN  # not until 签发
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.item_publish(actor=staff["approver"], item=item)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.published_at == item.published_at
