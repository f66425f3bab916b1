"""The report follows its catalog item (`reports/receivers.py` on `item_transitioned`).

The item is moved through the catalog's own services (`item_publish`, `item_return`,
`item_withdraw`, the scheduled release); its writer sends `item_transitioned` on commit, and the
report follows — never before the commit, never on a rolled-back change.
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.catalog.services import workflow
from gongkai.catalog.signals import item_transitioned
from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.reports import services
from gongkai.reports.deadlines import deadline_rows
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import (
    finding_key,
    history_data,
    previous_year_data,
    published_report_charts,
    report_check,
)
from gongkai.reports.tests.factories import make_case
from gongkai.reports.tests.test_services import TODAY, Y, finish

pytestmark = pytest.mark.django_db
Status = AnnualReport.Status


@pytest.fixture
def submitted(organ: Any, staff: dict[str, Any]) -> AnnualReport:
    """A finished report submitted for publication: its item waits for 保密审查."""
    admin = staff["organ_admin"]
    make_case(organ, received=date(2025, 3, 1), closed=date(2025, 3, 10))
    report = finish(services.report_open(actor=admin, organ=organ, year=Y, today=TODAY), admin)
    for warning in report_check(report).open_warnings:
        report = services.report_acknowledge(actor=admin, report=report, key=finding_key(warning))
    report = services.report_publish(actor=admin, report=report)
    assert report.status == Status.IN_REVIEW and report.item is not None
    return report


def _item(report: AnnualReport) -> Item:
    assert report.item_id is not None
    return Item.objects.get(pk=report.item_id)


def _passed(report: AnnualReport, staff: dict[str, Any]) -> Item:
    item = _item(report)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    return workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )


def _events(report: AnnualReport) -> list[str]:
    return list(AuditEvent.objects.for_object(report).values_list("action", flat=True))


def _published(report: AnnualReport, staff: dict[str, Any], capture: Any) -> AnnualReport:
    item = _passed(report, staff)
    with capture(execute=True):
        workflow.item_publish(actor=staff["approver"], item=item)
    report.refresh_from_db()
    return report


def test_publish_of_the_item_publishes_the_report_on_commit(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = _passed(submitted, staff)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_publish(actor=staff["approver"], item=item)
        submitted.refresh_from_db()
        assert submitted.status == Status.IN_REVIEW  # not before the commit
    submitted.refresh_from_db()
    item.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.published_at == item.published_at
    row = AuditEvent.objects.for_object(submitted).get(action="report.published")
    assert row.actor_id is None and row.actor_label == "系统"
    assert (row.from_state, row.to_state) == ("in_review", "published")
    assert row.data["item"] == item.pk and row.data["item_event"] == "publish"
    assert row.data["item_actor"] == staff["approver"].pk  # who 签发, on the item
    assert row.data["index_number"] == item.index_number


def test_a_scheduled_item_publishes_the_report_when_released(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = _passed(submitted, staff)
    at = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_publish(actor=staff["approver"], item=item, at=at)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW  # scheduled: still 已提交发布
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.items_release_scheduled(now=at + timedelta(minutes=1)) == [item.pk]
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    row = AuditEvent.objects.for_object(submitted).get(action="report.published")
    assert row.data["item_event"] == "release" and row.data["item_actor"] is None


@pytest.mark.parametrize("who", ["secrecy", "approver"])
def test_return_of_the_item_makes_the_report_a_draft(
    submitted: AnnualReport,
    staff: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    who: str,
) -> None:
    item = _item(submitted) if who == "secrecy" else _passed(submitted, staff)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_return(actor=staff[who], item=item, comment="表三数据需核对")
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT and submitted.data == {}
    row = AuditEvent.objects.for_object(submitted).get(action="report.returned")
    assert row.actor_id is None and row.data["item_actor"] == staff[who].pk
    # The 公开办 corrects it and submits again: the returned item is reused.
    again = services.report_publish(actor=staff["organ_admin"], report=submitted)
    assert again.status == Status.IN_REVIEW and again.item_id == item.pk


def test_withdrawal_of_the_item_withdraws_the_report(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = _published(submitted, staff, django_capture_on_commit_callbacks)
    assert report.status == Status.PUBLISHED
    old_item = _item(report)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_withdraw(
            actor=staff["approver"], item=old_item, reason="数据有误，更正后重新发布"
        )
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN  # not 已发布
    assert report.data  # the frozen figures stay: the record of what was published
    assert _events(report)[-1] == "report.withdrawn"
    # A withdrawn report is not published anywhere: R8's previous year, the history charts,
    # the public charts, the deadline oversight.
    assert previous_year_data(report.organ, Y + 1, report.scope) is None
    nxt = AnnualReport.objects.create(organ=report.organ, year=Y + 1)
    assert history_data(nxt) == []
    old_item.refresh_from_db()
    assert published_report_charts(old_item) == []
    row = next(r for r in deadline_rows(report.organ, Y) if r.organ == report.organ)
    assert row.published_on is None and row.state in ("pending", "overdue")
    # Editing is refused with a reason that fits the state.
    with pytest.raises(services.ValidationError, match="已撤回"):
        services.report_save_sections(
            actor=staff["organ_admin"], report=report, sections={"other": "x"}
        )


def test_reopen_after_withdrawal_then_a_new_item(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    report = _published(submitted, staff, django_capture_on_commit_callbacks)
    old_item = _item(report)
    with pytest.raises(InvalidTransition, match="已发布"):
        services.report_reopen(actor=staff["organ_admin"], report=report)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_withdraw(actor=staff["approver"], item=old_item, reason="数据有误")
    report.refresh_from_db()
    with pytest.raises(PermissionDenied, match="公开办管理员"):
        services.report_reopen(actor=staff["editor"], report=report)
    report = services.report_reopen(actor=staff["organ_admin"], report=report)
    assert report.status == Status.DRAFT and report.data == {} and report.published_at is None
    row = AuditEvent.objects.for_object(report).get(action="report.reopen")
    assert row.actor_id == staff["organ_admin"].pk and row.data["withdrawn_item"] == old_item.pk
    report = services.report_publish(actor=staff["organ_admin"], report=report)
    assert report.status == Status.IN_REVIEW
    assert report.item_id != old_item.pk  # the withdrawn item keeps its page
    old_item.refresh_from_db()
    assert old_item.status == "withdrawn"
    # A late signal about the old item no longer moves the report.
    item_transitioned.send(
        sender=Item,
        instance_id=old_item.pk,
        event="withdraw",
        from_state="published",
        to_state="withdrawn",
        actor_id=None,
    )
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW


def test_a_rolled_back_item_change_is_not_followed(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = _item(submitted)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                workflow.item_return(actor=staff["secrecy"], item=item, comment="退回")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


# ---- the receiver, by the signal itself ------------------------------------------------------


def _send(item_id: int, event: str, actor_id: int | None = None) -> None:
    item_transitioned.send(
        sender=Item,
        instance_id=item_id,
        event=event,
        from_state="",
        to_state="",
        actor_id=actor_id,
    )


def test_the_receiver_is_connected_and_follows_once(submitted: AnnualReport) -> None:
    assert submitted.item_id is not None
    before = _events(submitted)
    _send(submitted.item_id, "return", actor_id=None)
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    _send(submitted.item_id, "return")  # repeated: already followed
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert _events(submitted) == [*before, "report.returned"]


@pytest.mark.parametrize("event", ["create", "submit", "pass_secrecy", "schedule", "validity"])
def test_item_events_that_drive_nothing(submitted: AnnualReport, event: str) -> None:
    assert submitted.item_id is not None
    before = _events(submitted)
    _send(submitted.item_id, event)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW and _events(submitted) == before


def test_items_that_are_no_reports_are_ignored(submitted: AnnualReport, make_draft: Any) -> None:
    other = make_draft()
    assert services.report_follow_item(item_id=other.pk, item_event="publish") is None
    assert services.report_follow_item(item_id=10**9, item_event="withdraw") is None
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


def test_a_withdrawal_signal_does_not_touch_a_report_in_review(submitted: AnnualReport) -> None:
    assert submitted.item_id is not None
    assert services.report_follow_item(item_id=submitted.item_id, item_event="withdraw") is None
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW


# ---- reports left behind by the old sync are brought in step once (migration 0003) ----------


def test_migration_brings_old_reports_in_step(
    submitted: AnnualReport, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    migration = importlib.import_module("gongkai.reports.migrations.0003_annual_report_withdrawn")
    report = _published(submitted, staff, django_capture_on_commit_callbacks)
    # As before this change: the item withdrawn, the report left 已发布 (no signal followed).
    item = _item(report)
    Item.objects.filter(pk=item.pk).update(status="withdrawn")
    migration.follow_items(apps, None)
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN
    row = AuditEvent.objects.for_object(report).filter(action="report.withdrawn").get()
    assert row.actor_id is None and row.data["item_status"] == "withdrawn"
    migration.follow_items(apps, None)  # nothing left to do: idempotent
    assert AuditEvent.objects.for_object(report).filter(action="report.withdrawn").count() == 1
