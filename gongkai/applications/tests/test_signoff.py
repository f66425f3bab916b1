"""Issue 13 point 7: an answer is signed off before it is given — 签发, or 审核 then 签发 by the
organ's setting — and cannot be delivered before; the Art. 33 clock runs while it waits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from gongkai.applications.models import CLOCK_RUNNING_STATUSES, Application, AppStatus
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.documents import document_generate, letter_kinds
from gongkai.applications.services.transfer import application_transfer
from gongkai.applications.transitions import AppEvent, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ

DRAFTED = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _draft(app: Application, staff: dict[str, Any], **kw: Any) -> Application:
    values: dict[str, Any] = {
        "outcome": "denied.process_info",
        "on": DRAFTED,
        "reason": "属于内部讨论记录。",
    }
    values.update(kw)
    return signoff.application_draft_answer(actor=staff["editor"], app=app, **values)


def _with_review(organ: Organ) -> None:
    organ.answer_signoff = Organ.AnswerSignoff.REVIEWER_APPROVER
    organ.save()


def test_a_drafted_answer_waits_for_signoff_and_its_clock_keeps_running(register, staff) -> None:
    app = register(submitted_on=date(2026, 3, 2))
    due = app.due_date
    app = _draft(app, staff)
    assert app.status == AppStatus.ANSWER_SIGNOFF
    # Not answered yet: no outcome, no answer date; the annual report counts it as open.
    assert app.outcome == "" and app.answered_on is None and app.is_open
    assert app.status in CLOCK_RUNNING_STATUSES and app.due_date == due == date(2026, 3, 30)
    assert any("审批期间答复期限继续计算" in line for line in app.due_explanation)

    app = signoff.application_sign_answer(actor=staff["approver"], app=app, on=date(2026, 3, 24))
    assert app.status == AppStatus.ANSWERED
    assert app.outcome == "denied.process_info" and app.outcome_reason == "属于内部讨论记录。"
    assert app.answered_on == date(2026, 3, 24)  # the day it was signed is the answer date
    assert app.draft_outcome == "" and app.draft_on is None
    assert any("签发答复（答复日期），在答复期限内" in line for line in app.due_explanation)
    signed = AuditEvent.objects.for_object(app).get(action="application.answer")
    assert signed.actor == staff["approver"] and signed.data["drafted_by"] == "editor"


def test_an_answer_signed_after_the_due_date_says_how_late(register, staff) -> None:
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    app = signoff.application_sign_answer(actor=staff["approver"], app=app, on=date(2026, 4, 1))
    assert any("超过答复期限2个工作日" in line for line in app.due_explanation)  # 3-31, 4-1


def test_an_answer_delivered_before_its_signoff_is_refused(client, register, staff) -> None:
    """Bad input of issue 13: delivery of an answer nobody has signed."""
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    with pytest.raises(InvalidTransition, match="答复尚未签发"):
        wf.application_record_delivery(actor=staff["editor"], app=app, on=date(2026, 3, 21))
    # Nor through the page: not offered, and a direct POST is a 409 that changes nothing.
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="act-deliver"' not in page
    response = client.post(
        reverse("office_apps:act", args=[app.pk, "deliver"]), {"on": "2026-03-21"}
    )
    assert response.status_code == 409 and "答复尚未签发" in response.content.decode()
    # No decision letter either: it is dated and numbered when the answer is signed.
    assert letter_kinds(app) == []
    with pytest.raises(ValidationError, match="尚未签发"):
        document_generate(actor=staff["editor"], app=app, kind="deny")
    app.refresh_from_db()
    assert app.status == AppStatus.ANSWER_SIGNOFF and app.delivered_on is None
    assert not app.documents.exists()
    assert not AuditEvent.objects.filter(action="application.deliver").exists()


def test_only_the_approver_signs_and_not_before_the_draft(register, staff) -> None:
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    for role in ("editor", "reviewer", "organ_admin", "secrecy"):
        with pytest.raises(PermissionDenied):
            signoff.application_sign_answer(actor=staff[role], app=app, on=DRAFTED)
    with pytest.raises(ValidationError, match="签发日期不能早于拟稿日期"):
        signoff.application_sign_answer(actor=staff["approver"], app=app, on=date(2026, 3, 19))
    app.refresh_from_db()
    assert app.status == AppStatus.ANSWER_SIGNOFF


def test_review_then_signoff_when_the_organ_says_so(register, staff, organ) -> None:
    _with_review(organ)
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    assert app.status == AppStatus.ANSWER_REVIEW
    with pytest.raises(InvalidTransition):  # 签发 comes after 审核
        signoff.application_sign_answer(actor=staff["approver"], app=app, on=DRAFTED)
    with pytest.raises(PermissionDenied):
        signoff.application_review_answer(actor=staff["approver"], app=app)
    app = signoff.application_review_answer(actor=staff["reviewer"], app=app, comment="同意")
    assert app.status == AppStatus.ANSWER_SIGNOFF
    app = signoff.application_sign_answer(actor=staff["approver"], app=app, on=DRAFTED)
    assert app.status == AppStatus.ANSWERED
    actions = list(AuditEvent.objects.for_object(app).values_list("action", flat=True))
    assert actions[-3:] == [
        "application.submit_answer_review",
        "application.review_answer",
        "application.answer",
    ]


@pytest.mark.parametrize("with_review", [False, True])
def test_the_path_the_organ_does_not_use_is_refused_by_the_table(
    register, staff, organ, with_review
) -> None:
    """One table holds both paths; the guards read `Organ.answer_signoff`."""
    if with_review:
        _with_review(organ)
    app = register(submitted_on=date(2026, 3, 2))
    wrong = AppEvent.SUBMIT_ANSWER_SIGNOFF if with_review else AppEvent.SUBMIT_ANSWER_REVIEW
    message = "须先经审核" if with_review else "无需送审核"
    with transaction.atomic(), pytest.raises(InvalidTransition, match=message):
        wf.application_transition(actor=staff["editor"], app=app, event=wrong)
    assert Application.objects.get(pk=app.pk).status == AppStatus.PROCESSING


@pytest.mark.parametrize("with_review", [False, True])
def test_a_returned_answer_comes_back_with_the_comment_and_the_draft(
    client, register, staff, organ, with_review
) -> None:
    if with_review:
        _with_review(organ)
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    who = staff["reviewer"] if with_review else staff["approver"]
    with pytest.raises(ValidationError, match="退回意见"):
        signoff.application_return_answer(actor=who, app=app, comment="  ")
    if not with_review:  # the reviewer cannot send back what waits for the 签发
        with pytest.raises(PermissionDenied):
            signoff.application_return_answer(actor=staff["reviewer"], app=app, comment="改")
    app = signoff.application_return_answer(actor=who, app=app, comment="理由须引用具体条款。")
    assert app.status == AppStatus.PROCESSING
    assert app.draft_outcome == "denied.process_info"  # kept for the handler to revise
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="answer-returned"' in page and "理由须引用具体条款。" in page
    assert 'value="denied.process_info" selected' in page  # the form comes back filled in
    # Submitted again, the return note goes away.
    _draft(app, staff, reason="属于《条例》第十六条第二款规定的过程性信息。")
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="answer-returned"' not in page


def test_the_case_page_shows_the_draft_and_its_letter_to_the_approver(
    client, register, staff
) -> None:
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    client.force_login(staff["approver"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="draft-answer"' in page and "待签发的答复" in page
    assert "政府信息不予公开告知书" in page and "属于内部讨论记录。" in page  # letter preview
    assert 'id="act-sign_answer"' in page and 'id="act-return_answer"' in page
    response = client.post(
        reverse("office_apps:act", args=[app.pk, "sign_answer"]), {"on": "2026-03-23"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.ANSWERED and app.answered_on == date(2026, 3, 23)


def test_the_applicant_sees_the_case_in_progress_until_it_is_signed(register, staff) -> None:
    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)
    assert app.public_status_label == "办理中（答复审批中）"
    app = signoff.application_sign_answer(actor=staff["approver"], app=app, on=DRAFTED)
    assert app.public_status_label == "已答复"


def test_a_transfer_registers_with_the_other_organ_only_when_signed(
    register, staff, make_organ
) -> None:
    target = make_organ("测试市自然资源局")
    app = register(submitted_on=date(2026, 3, 2))
    app = application_transfer(
        actor=staff["editor"], app=app, target=target, on=DRAFTED, reason="由自然资源部门制作。"
    )
    assert app.status == AppStatus.ANSWER_SIGNOFF and app.draft_transfer_to == target
    assert Application.objects.count() == 1 and app.transferred_to is None
    # Returned: nothing was registered anywhere.
    app = signoff.application_return_answer(
        actor=staff["approver"], app=app, comment="请核实负责机关。"
    )
    assert Application.objects.count() == 1
    app = application_transfer(
        actor=staff["editor"], app=app, target=target, on=DRAFTED, reason="由自然资源部门制作。"
    )
    app = signoff.application_sign_answer(actor=staff["approver"], app=app, on=DRAFTED)
    assert app.transferred_to is not None and app.transferred_to.organ == target
    assert app.outcome_reason == "由自然资源部门制作。（负责机关：测试市自然资源局）"


def test_an_answer_waiting_for_signoff_past_its_due_date_is_overdue(register, staff) -> None:
    from datetime import datetime

    from django.utils import timezone

    from gongkai.applications.selectors import queue

    app = _draft(register(submitted_on=date(2026, 3, 2)), staff)  # due 2026-03-30
    now = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    assert wf.applications_mark_overdue(now=now) == [app.pk]
    assert app in queue(staff["editor"], due="overdue")
