"""The application machine on the shared core: the first status is an event, every event is
checked against its roles, the audit actions keep their values, and the signal follows commit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application, AppStatus
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.intake import application_register
from gongkai.applications.tests.conftest import CITIZEN
from gongkai.applications.transitions import (
    APP_MACHINE,
    APPLICANT_EVENTS,
    TRANSITIONS,
    AppEvent,
    audit_action,
)
from gongkai.core.audit import action_label
from gongkai.core.fsm import SYSTEM
from gongkai.core.models import AuditEvent


def test_first_status_is_an_event_by_channel(register) -> None:
    assert TRANSITIONS[(None, AppEvent.REGISTER)] == AppStatus.PROCESSING
    assert TRANSITIONS[(None, AppEvent.REGISTER_UNCONFIRMED)] == AppStatus.AWAITING_CONFIRMATION
    in_person = register(channel="in_person")
    online = register(channel="online", data={"phone": "13800000003"})
    fax_confirmed = register(
        channel="fax", confirmed_on=date(2026, 3, 3), data={"phone": "13800000004"}
    )
    rows = {
        app.channel: AuditEvent.objects.for_object(app).get()
        for app in (in_person, online, fax_confirmed)
    }
    assert (rows["in_person"].action, rows["in_person"].to_state) == (
        "application.register",
        "processing",
    )
    assert rows["in_person"].from_state == ""
    assert (rows["online"].action, rows["online"].to_state) == (
        "application.register_unconfirmed",
        "awaiting_confirmation",
    )
    assert rows["fax"].to_state == "processing" and fax_confirmed.receipt_date == date(2026, 3, 3)
    assert rows["in_person"].data == {"channel": "in_person", "reference": in_person.reference}


def test_staff_register_only_in_organs_they_handle(organ, make_user) -> None:
    secrecy = make_user("reader", organ=organ, roles=("secrecy",))
    with pytest.raises(PermissionDenied, match="没有办理此申请的权限"):
        application_register(
            actor=secrecy,
            organ=organ,
            channel="in_person",
            submitted_on=date(2026, 3, 2),
            data=dict(CITIZEN),
        )
    assert not Application.objects.exists()


def test_a_transfer_is_registered_by_a_handler_of_the_transferring_organ(
    register, staff, make_organ, make_user
) -> None:
    app = register()
    target = make_organ("测试市自然资源局")
    stranger = make_user("stranger", organ=make_organ("测试市水利局"), roles=("editor",))
    data = {k: getattr(app, k) for k in CITIZEN}
    with pytest.raises(PermissionDenied):
        application_register(
            actor=stranger,
            organ=target,
            channel="in_person",
            submitted_on=date(2026, 3, 4),
            data=data,
            transferred_from=app,
        )
    new = application_register(
        actor=staff["editor"],  # holds no role in the target organ
        organ=target,
        channel="in_person",
        submitted_on=date(2026, 3, 4),
        data=data,
        transferred_from=app,
    ).application
    assert new.organ == target and new.status == AppStatus.PROCESSING


def test_the_writer_checks_roles(register, staff) -> None:
    app = register()
    with pytest.raises(PermissionDenied, match="没有办理此申请的权限"):
        signoff.application_draft_answer(
            actor=staff["secrecy"], app=app, outcome="granted", on=date(2026, 3, 5)
        )
    with transaction.atomic(), pytest.raises(PermissionDenied):
        wf.application_transition(actor=staff["secrecy"], app=app, event=AppEvent.ANSWER)
    # No account is no pass: only the applicant's own events come from the public page.
    with pytest.raises(PermissionDenied):
        signoff.application_draft_answer(
            actor=None, app=app, outcome="granted", on=date(2026, 3, 5)
        )
    with pytest.raises(PermissionDenied):
        wf.application_archive(actor=None, app=app)
    assert Application.objects.get(pk=app.pk).status == AppStatus.PROCESSING


def test_lapse_events_are_the_systems_alone(register, staff) -> None:
    app = wf.application_request_correction(
        actor=staff["editor"],
        app=register(),
        on=date(2026, 3, 3),
        items="请说明年份",
        deadline=date(2026, 3, 13),
    )
    assert APP_MACHINE.roles[AppEvent.CORRECTION_LAPSED] == SYSTEM
    with transaction.atomic(), pytest.raises(PermissionDenied, match="只能由系统执行"):
        wf.application_transition(actor=staff["editor"], app=app, event=AppEvent.CORRECTION_LAPSED)
    assert {AppEvent.CORRECTION_RECEIVED, AppEvent.WITHDRAW} == APPLICANT_EVENTS


def test_audit_actions_keep_their_values_and_labels() -> None:
    assert {str(audit_action(e)) for e in AppEvent} == {f"application.{e.value}" for e in AppEvent}
    assert action_label("application.confirm_receipt") == "确认收到申请"
    assert action_label("application.register") == "登记申请"
    assert set(ApplicationAudit.values) == {
        "application.extend",
        "application.extension_request",  # issue 13: asked by the handler (Art. 33)
        "application.extension_refuse",  # … refused by the GIO head
        "application.delay",
        "application.deliver",
        "application.document",
        "application.overdue",
        "application.note",
        "application.assign",
        "application.transfer",
        "application.transferred_in",
        "application.challenge",
        "application.challenge_result",
        "application.view_personal_data",
        "application.due_recomputed",
    }


def test_transitioned_is_sent_on_commit_only(
    register, staff, django_capture_on_commit_callbacks
) -> None:
    seen: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    APP_MACHINE.transitioned.connect(receiver, weak=False)
    try:
        app = register()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            wf.application_withdraw(actor=staff["editor"], app=app, on=date(2026, 3, 3))
        assert seen == []
        for callback in callbacks:
            callback()
    finally:
        APP_MACHINE.transitioned.disconnect(receiver)
    assert [(s["event"], s["from_state"], s["to_state"]) for s in seen] == [
        (AppEvent.WITHDRAW, "processing", "withdrawn")
    ]
    assert seen[0]["instance_id"] == app.pk and seen[0]["actor_id"] == staff["editor"].pk
