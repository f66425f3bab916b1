"""Staff actions of the case page: `check()` decides both the forms a role sees and what its POST
may do; a hidden button is never the only guard."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications.actions import CASE_ACTIONS
from gongkai.applications.models import (
    Application,
    ApplicationDocument,
    AppStatus,
    DocumentSerial,
)
from gongkai.applications.services import extension as ext
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import roles_for

ROLES = ("editor", "reviewer", "secrecy", "approver", "organ_admin", "gio_head")
HANDLING = {"request_correction", "consult", "fee_notice", "answer", "transfer", "withdraw"}
FILE_WORK = {"assign", "note", "challenge"}
#: What each role may do on a case in 办理中 (in person, nothing recorded yet). Issue 13: the
#: extension is the GIO head's (Art. 33); the others ask for one.
PROCESSING: dict[str, set[str]] = {
    "editor": HANDLING | FILE_WORK | {"request_extension"},
    "reviewer": HANDLING | FILE_WORK | {"request_extension"},
    "organ_admin": HANDLING | FILE_WORK | {"request_extension"},  # 采编 + 审核, not 签发
    "approver": HANDLING | FILE_WORK | {"request_extension", "delay"},  # Art. 35: the organ
    "gio_head": HANDLING | FILE_WORK | {"extend"},  # Art. 33: consents, needs no request
    "secrecy": set(),  # 保密审查 reads the case, handles nothing
}
#: … and on an answered case (granted): deliver, archive, the decision letter.
ANSWERED: dict[str, set[str]] = {
    role: (FILE_WORK | {"deliver", "archive", "document"}) if actions else set()
    for role, actions in PROCESSING.items()
}
#: … with the answer drafted and waiting for 签发 (the organ signs off without 审核): only the
#: 签发 signs or returns it; nobody delivers it or issues its letter yet.
_WAITING = FILE_WORK | {"withdraw", "request_extension"}
AWAITING_SIGNOFF: dict[str, set[str]] = {
    "editor": _WAITING,
    "reviewer": _WAITING,
    "organ_admin": _WAITING,
    "approver": _WAITING | {"delay", "sign_answer", "return_answer"},
    "gio_head": FILE_WORK | {"withdraw", "extend"},
    "secrecy": set(),
}
#: … waiting for 审核 (an organ that set 审核后签发): the reviewer passes or returns it.
AWAITING_REVIEW: dict[str, set[str]] = {
    "editor": _WAITING,
    "reviewer": _WAITING | {"review_answer", "return_answer"},
    "organ_admin": _WAITING | {"review_answer", "return_answer"},  # holds 审核
    "approver": _WAITING | {"delay"},  # 签发 comes after 审核
    "gio_head": FILE_WORK | {"withdraw", "extend"},
    "secrecy": set(),
}
EXPECTED = {
    "processing": PROCESSING,
    "answered": ANSWERED,
    "awaiting_signoff": AWAITING_SIGNOFF,
    "awaiting_review": AWAITING_REVIEW,
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def processing(register: Any) -> Application:
    return register(submitted_on=date(2026, 3, 2))


@pytest.fixture
def answered(register: Any, answer: Any) -> Application:
    app = register(submitted_on=date(2026, 3, 2))
    return answer(app, outcome="granted", on=date(2026, 3, 5))


def _drafted(register: Any, staff: dict[str, Any]) -> Application:
    app = register(submitted_on=date(2026, 3, 2))
    return signoff.application_draft_answer(
        actor=staff["editor"], app=app, outcome="granted", on=date(2026, 3, 5)
    )


@pytest.fixture
def awaiting_signoff(register: Any, staff: dict[str, Any]) -> Application:
    app = _drafted(register, staff)
    assert app.status == AppStatus.ANSWER_SIGNOFF
    return app


@pytest.fixture
def awaiting_review(register: Any, staff: dict[str, Any], organ: Any) -> Application:
    organ.answer_signoff = Organ.AnswerSignoff.REVIEWER_APPROVER
    organ.save()
    app = _drafted(register, staff)
    assert app.status == AppStatus.ANSWER_REVIEW
    return app


@pytest.fixture
def users(staff: dict[str, Any], head: Any) -> dict[str, Any]:
    return {**staff, "gio_head": head}


def _offered(client: Any, user: Any, app: Application) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    return set(re.findall(r'<form [^>]*id="act-([a-z_]+)"', page))


def _state(app: Application) -> tuple[Any, ...]:
    app.refresh_from_db()
    return (
        app.status,
        app.delivered_on,
        app.extended,
        app.extension_requested_on,
        app.draft_outcome,
        app.outcome,
        app.delayed_due_date,
        AuditEvent.objects.for_object(app).count(),
        DocumentSerial.objects.count(),
        ApplicationDocument.objects.count(),
        app.notes.count(),
        app.challenges.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(EXPECTED))
def test_each_role_sees_exactly_the_actions_it_may_run_and_no_other_post_runs(
    request, client, users, role, case
) -> None:
    app: Application = request.getfixturevalue(case)
    user = users[role]
    expected = EXPECTED[case][role]

    offered = _offered(client, user, app)
    assert offered == expected
    # The page draws what the registry allows, nothing more and nothing less.
    roles = roles_for(user, app.organ)
    available = CASE_ACTIONS.available(actor=user, subject=app, roles_of=lambda _u, _a: roles)
    assert {a.name for a in available} == expected

    before = _state(app)
    for name in sorted(set(CASE_ACTIONS.names()) - expected):
        response = client.post(reverse("office_apps:act", args=[app.pk, name]), {})
        html = response.content.decode()
        assert response.status_code in {400, 403, 409}, name
        assert "请修改下列问题后再提交" not in html, name  # refused by check(), not the form
        assert _state(app) == before, name


def test_secrecy_officer_cannot_issue_a_letter_by_posting_directly(client, answered, staff) -> None:
    client.force_login(staff["secrecy"])
    response = client.post(
        reverse("office_apps:act", args=[answered.pk, "document"]), {"kind": "grant"}
    )
    assert response.status_code == 403
    assert "没有办理此申请的权限" in response.content.decode()
    assert not DocumentSerial.objects.filter(kind="letter").exists()  # no letter number used
    assert not ApplicationDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="application.document").exists()
    # The handler's own POST still works.
    client.force_login(staff["editor"])
    ok = client.post(reverse("office_apps:act", args=[answered.pk, "document"]), {"kind": "grant"})
    assert ok.status_code == 302 and ApplicationDocument.objects.count() == 1


def test_a_delivered_case_is_not_delivered_again(client, answered, staff) -> None:
    wf.application_record_delivery(actor=staff["editor"], app=answered, on=date(2026, 3, 6))
    assert "deliver" not in _offered(client, staff["editor"], answered)
    response = client.post(
        reverse("office_apps:act", args=[answered.pk, "deliver"]), {"on": "2026-03-09"}
    )
    assert response.status_code == 400 and "已于2026年03月06日登记送达" in response.content.decode()
    answered.refresh_from_db()
    assert answered.delivered_on == date(2026, 3, 6)


def test_an_extended_case_offers_no_second_extension(client, processing, staff, head) -> None:
    ext.application_extend(actor=head, app=processing, days=10, reason="需检索档案")
    assert "extend" not in _offered(client, head, processing)
    assert "request_extension" not in _offered(client, staff["editor"], processing)
    assert "delay" in _offered(client, staff["approver"], processing)


def test_unknown_action_is_404(client, processing, staff) -> None:
    client.force_login(staff["editor"])
    url = reverse("office_apps:act", args=[processing.pk, "publish"])
    assert client.post(url, {}).status_code == 404
