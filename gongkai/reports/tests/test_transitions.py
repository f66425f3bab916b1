"""The annual report's table (`reports/transitions.py`): every event, who may fire it, refusals.

Rows are put into a state with `.update(status=…)` here (test setup); the services and the
receiver are tested in test_services.py and test_receivers.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.catalog.transitions import Event as ItemEvent
from gongkai.core.audit import action_label
from gongkai.core.fsm import SYSTEM, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.reports.audit import ReportAudit
from gongkai.reports.models import AnnualReport
from gongkai.reports.transitions import (
    EVENT_ROLES,
    FOLLOWS_ITEM,
    REPORT_MACHINE,
    TRANSITIONS,
    Event,
    Status,
)

pytestmark = pytest.mark.django_db


def _report(organ: Any, status: str) -> AnnualReport:
    report = AnnualReport.objects.create(organ=organ, year=2025)
    AnnualReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


def _actor_for(event: Event, staff: dict[str, Any]) -> Any:
    return None if EVENT_ROLES[event] == SYSTEM else staff["organ_admin"]


def test_the_table() -> None:
    assert TRANSITIONS == {
        (None, Event.CREATE): Status.DRAFT,
        (Status.DRAFT, Event.SUBMIT_PUBLICATION): Status.IN_REVIEW,
        (Status.IN_REVIEW, Event.PUBLISHED): Status.PUBLISHED,
        (Status.IN_REVIEW, Event.RETURNED): Status.DRAFT,
        (Status.PUBLISHED, Event.WITHDRAWN): Status.WITHDRAWN,
        (Status.WITHDRAWN, Event.REOPEN): Status.DRAFT,
        (Status.WITHDRAWN, Event.PUBLISHED): Status.PUBLISHED,  # its item restored (issue 13)
    }
    # Every state is reached and every event is used.
    assert set(TRANSITIONS.values()) == set(Status)
    assert {event for (_, event) in TRANSITIONS} == set(Event)


def test_what_the_item_drives_only_the_system_fires() -> None:
    assert {e for e, roles in EVENT_ROLES.items() if roles == SYSTEM} == {
        Event.PUBLISHED,
        Event.RETURNED,
        Event.WITHDRAWN,
    }
    assert set(FOLLOWS_ITEM.values()) == {Event.PUBLISHED, Event.RETURNED, Event.WITHDRAWN}
    assert FOLLOWS_ITEM == {
        ItemEvent.PUBLISH: Event.PUBLISHED,
        ItemEvent.RELEASE: Event.PUBLISHED,
        ItemEvent.RETURN: Event.RETURNED,
        ItemEvent.WITHDRAW: Event.WITHDRAWN,
    }
    for event in (Event.CREATE, Event.SUBMIT_PUBLICATION, Event.REOPEN):
        assert EVENT_ROLES[event] == {"organ_admin"}


def test_derived_audit_actions_keep_the_old_values() -> None:
    """Rows written before the table said report.create / submit_publication / published /
    returned: the machine's actions have the same values, so they keep their meaning."""
    values = set(REPORT_MACHINE.actions.values)
    assert {
        "report.create",
        "report.submit_publication",
        "report.published",
        "report.returned",
        "report.withdrawn",
        "report.reopen",
    } == values
    assert not values & set(ReportAudit.values)  # one enum per value
    assert action_label("report.published") == "公开目录中签发发布"
    assert action_label("report.figures") == "保存人工填报数据"


@pytest.mark.parametrize(
    ("before", "event"), [(s, e) for (s, e) in TRANSITIONS if s is not None], ids=str
)
def test_every_event_moves_the_report_and_audits(
    organ: Any, staff: dict[str, Any], before: str, event: Event
) -> None:
    report = _report(organ, before)
    actor = _actor_for(event, staff)
    with transaction.atomic():
        REPORT_MACHINE.fire(actor=actor, obj=REPORT_MACHINE.lock(report), event=event)
    report.refresh_from_db()
    assert report.status == TRANSITIONS[(Status(before), event)]
    row = AuditEvent.objects.for_object(report).get()
    assert row.action == f"report.{event.value}"
    assert (row.from_state, row.to_state) == (before, report.status)
    assert row.actor_id == getattr(actor, "pk", None)


def test_create_is_the_first_state(organ: Any, staff: dict[str, Any]) -> None:
    with transaction.atomic():
        report = REPORT_MACHINE.fire(
            actor=staff["organ_admin"],
            obj=AnnualReport(organ=organ, year=2025),
            event=Event.CREATE,
        )
    assert report.pk and report.status == Status.DRAFT
    row = AuditEvent.objects.for_object(report).get()
    assert row.action == "report.create" and (row.from_state, row.to_state) == ("", "draft")


@pytest.mark.parametrize("event", list(Event), ids=str)
def test_events_refused_in_every_other_state(
    organ: Any, staff: dict[str, Any], event: Event
) -> None:
    actor = _actor_for(event, staff)
    for state in Status:
        if (state, event) in TRANSITIONS:
            continue
        report = _report(organ, state)
        with pytest.raises(InvalidTransition, match="年度报告当前状态为"), transaction.atomic():
            REPORT_MACHINE.fire(actor=actor, obj=report, event=event)
        report.refresh_from_db()
        assert report.status == state
        report.delete()
    assert not AuditEvent.objects.filter(action__startswith="report.").exists()


@pytest.mark.parametrize(("before", "event"), [(s, e) for (s, e) in TRANSITIONS if s], ids=str)
def test_roles_are_refused(
    organ: Any, staff: dict[str, Any], make_user: Any, before: str, event: Event
) -> None:
    report = _report(organ, before)
    if EVENT_ROLES[event] == SYSTEM:
        # Even the 公开办 cannot publish, return or withdraw a report: only its item can.
        wrong = [staff["organ_admin"], staff["approver"]]
    else:
        wrong = [None, *(staff[r] for r in ("editor", "reviewer", "secrecy", "approver"))]
        wrong.append(make_user())  # signed in, no post anywhere
    for actor in wrong:
        with pytest.raises(PermissionDenied), transaction.atomic():
            REPORT_MACHINE.fire(actor=actor, obj=report, event=event)
        assert not REPORT_MACHINE.may(actor, report, event)
    report.refresh_from_db()
    assert report.status == before


def test_a_parent_organs_office_may_prepare_the_report(make_organ: Any, make_user: Any) -> None:
    city = make_organ("测试市人民政府", kind="government")
    dept = make_organ("测试市教育局", parent=city)
    report = _report(dept, Status.WITHDRAWN)
    admin = make_user(organ=city, roles=("organ_admin",))
    assert REPORT_MACHINE.may(admin, report, Event.REOPEN)
    assert Event.REOPEN in REPORT_MACHINE.allowed_events(report.status)
