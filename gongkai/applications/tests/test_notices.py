"""Who is told about a case (issue 13 §8): a new case → the organ's handlers; an answer waiting
for 审核/签发 → the holders of that post, read off the transition table."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import AppStatus
from gongkai.applications.notices import waiting_roles
from gongkai.inbox.models import Notice, NoticeKind
from gongkai.orgs.models import Role


def test_a_new_case_waits_for_the_organs_handlers(
    register, staff, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app = register(channel="online", submitted_on=date(2026, 3, 2))
    told = Notice.objects.filter(kind=NoticeKind.WAITING)
    # The editor registered it; the other handlers and the 公开办 are told; 保密审查 is no handler.
    assert {n.recipient for n in told} == {
        staff[r] for r in ("reviewer", "approver", "organ_admin")
    }
    notice = told.first()
    assert notice is not None and app.reference in notice.title
    assert "待确认收到" in notice.body and notice.link == f"/office/applications/{app.pk}/"


def test_the_handlers_own_states_wait_for_nobody_else() -> None:
    for status in [
        AppStatus.AWAITING_CONFIRMATION,
        AppStatus.PROCESSING,
        AppStatus.CORRECTION,
        AppStatus.CONSULTING,
        AppStatus.FEE_PENDING,
        AppStatus.ANSWERED,
    ]:
        assert waiting_roles(status) == frozenset(), status


def test_an_answer_waiting_for_signoff_waits_for_the_approver() -> None:
    signoff = getattr(AppStatus, "ANSWER_SIGNOFF", None)
    if signoff is None:
        pytest.skip("the answer sign-off states are not in the table")
    assert waiting_roles(signoff) == {Role.APPROVER}
    assert waiting_roles(AppStatus.ANSWER_REVIEW) == {Role.REVIEWER}


def test_a_drafted_answer_waits_for_signoff_and_a_return_tells_the_handler(
    register, staff, django_capture_on_commit_callbacks
) -> None:
    signoff = pytest.importorskip("gongkai.applications.services.signoff")
    app = register(submitted_on=date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        signoff.application_draft_answer(
            actor=staff["editor"], app=app, outcome="granted", on=date(2026, 3, 10)
        )
    (waiting,) = Notice.objects.filter(kind=NoticeKind.WAITING, settled_at__isnull=True)
    assert waiting.recipient == staff["approver"] and app.reference in waiting.title
    with django_capture_on_commit_callbacks(execute=True):
        signoff.application_return_answer(
            actor=staff["approver"], app=app, comment="请补充公开方式的说明"
        )
    (returned,) = Notice.objects.filter(kind=NoticeKind.RETURNED)
    assert returned.recipient == staff["editor"]
    assert "退回意见：请补充公开方式的说明" in returned.body
    assert not Notice.objects.filter(kind=NoticeKind.WAITING, settled_at__isnull=True).exists()


def test_the_new_handler_is_told(register, staff) -> None:
    from gongkai.applications.services.casework import application_assign

    app = register(submitted_on=date(2026, 3, 2))
    application_assign(actor=staff["organ_admin"], app=app, assignee=staff["reviewer"])
    (notice,) = Notice.objects.filter(kind=NoticeKind.WAITING)
    assert (
        notice.recipient == staff["reviewer"] and notice.title == f"请您承办：申请 {app.reference}"
    )
    # Assigning oneself, or the same person again, tells nobody.
    application_assign(actor=staff["reviewer"], app=app, assignee=staff["reviewer"])
    application_assign(actor=staff["editor"], app=app, assignee=staff["editor"])
    assert Notice.objects.count() == 1
