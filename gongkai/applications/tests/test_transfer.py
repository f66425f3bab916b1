"""Art. 36(5) 转办: answer 无法提供（本机关不掌握）, register the request with the organ that holds
the information, link both cases and audit on both sides. The answer is signed off like every
answer (issue 13): the request is registered with the other organ when it is signed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications.models import Application, AppStatus
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.signoff import application_sign_answer
from gongkai.applications.services.transfer import TRANSFER_OUTCOME, application_transfer
from gongkai.applications.transitions import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ

ON = date(2026, 3, 4)
REASON = "该信息由自然资源部门制作。"


@pytest.fixture
def target(make_organ):
    return make_organ("测试市自然资源局")


@pytest.fixture
def transfer(staff):
    """Draft the 转办 answer (the 采编) and sign it (the 签发); the new case at the target."""

    def run(app, *, target, reason=REASON):
        app = application_transfer(
            actor=staff["editor"], app=app, target=target, on=ON, reason=reason
        )
        app = application_sign_answer(actor=staff["approver"], app=app, on=ON)
        return app.transferred_to

    return run


def test_transfer_answers_registers_and_links_both_cases(register, target, transfer) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    new = transfer(app, target=target)

    app.refresh_from_db()
    assert app.status == AppStatus.ANSWERED
    assert app.outcome == TRANSFER_OUTCOME == "unable.not_held"
    assert app.answered_on == ON
    # The notice names the organ that holds the information (Art. 36(5)).
    assert REASON in app.outcome_reason and target.name in app.outcome_reason
    assert app.transferred_to == new
    assert list(new.transferred_from.all()) == [app]

    assert new.organ == target and new.pk != app.pk
    assert new.status == AppStatus.PROCESSING  # in person: received on the transfer day
    assert new.submitted_on == ON and new.receipt_date == ON and new.due_date is not None
    assert new.channel == app.channel
    for name in ("name", "id_number", "phone", "email", "address", "description", "delivery"):
        assert getattr(new, name) == getattr(app, name), name


def test_transfer_is_audited_by_both_organs(register, staff, target, transfer) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    new = transfer(app, target=target, reason=f"  {REASON}  ")

    out = AuditEvent.objects.for_object(app).get(action="application.transfer")
    # The transfer takes effect when the 签发 signs the answer (issue 13), so the 签发 is its actor.
    assert out.organ_id == app.organ_id and out.actor == staff["approver"]
    assert out.comment == REASON
    assert out.data["to_organ"] == target.name
    assert out.data["to_application"] == new.pk and out.data["to_reference"] == new.reference

    into = AuditEvent.objects.for_object(new).get(action="application.transferred_in")
    assert into.organ_id == target.pk and into.actor == staff["approver"]
    assert into.comment == REASON
    assert into.data["from_organ"] == app.organ.name
    assert into.data["from_application"] == app.pk
    assert into.data["from_reference"] == app.reference
    # The old case's answer is audited as an answer too.
    assert AuditEvent.objects.for_object(app).filter(action="application.answer").exists()


def test_online_case_waits_for_the_new_organ_to_confirm_receipt(
    register, staff, target, transfer
) -> None:
    app = register(channel="online", submitted_on=date(2026, 3, 2))
    app = wf.application_confirm_receipt(
        actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 2)
    )
    new = transfer(app, target=target)
    # Art. 31(三): an online application is received when the organ confirms it.
    assert new.channel == "online"
    assert new.status == AppStatus.AWAITING_CONFIRMATION and new.due_date is None


def _nothing_happened(app: Application) -> None:
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING and app.transferred_to is None
    assert Application.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="application.transfer").exists()


def test_transfer_to_the_same_organ_is_refused(register, staff, organ) -> None:
    app = register()
    with pytest.raises(ValidationError, match="不能转给本机关"):
        application_transfer(actor=staff["editor"], app=app, target=organ, on=ON, reason=REASON)
    _nothing_happened(app)


def test_transfer_to_an_organ_that_takes_no_applications_is_refused(
    register, staff, make_organ
) -> None:
    # Art. 27: applications go to people's governments and their departments.
    unit = make_organ("测试市第一人民医院", kind=Organ.Kind.UNIT)
    app = register()
    with pytest.raises(ValidationError):
        application_transfer(actor=staff["editor"], app=app, target=unit, on=ON, reason=REASON)
    _nothing_happened(app)


def test_transfer_needs_a_notice_text(register, staff, target) -> None:
    app = register()
    with pytest.raises(ValidationError, match="告知说明"):
        application_transfer(actor=staff["editor"], app=app, target=target, on=ON, reason="  ")
    _nothing_happened(app)


def test_only_a_handler_of_the_case_may_transfer(
    register, staff, target, make_organ, make_user
) -> None:
    app = register()
    stranger = make_user(organ=make_organ("测试市交通运输局"), roles=("editor",))
    held_by_target = make_user(organ=target, roles=("editor",))
    for actor in (staff["secrecy"], stranger, held_by_target):
        with pytest.raises(PermissionDenied):
            application_transfer(actor=actor, app=app, target=target, on=ON, reason=REASON)
    _nothing_happened(app)


def test_an_answered_case_cannot_be_transferred(register, staff, answer, target) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    app = answer(app, outcome="granted", on=ON)
    with pytest.raises(InvalidTransition):
        application_transfer(actor=staff["editor"], app=app, target=target, on=ON, reason=REASON)
    app.refresh_from_db()
    assert app.outcome == "granted" and app.transferred_to is None
    assert Application.objects.count() == 1
