"""Staff actions of the case page: `check()` decides both the forms a role sees and what its POST
may do; a hidden button is never the only guard."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications.actions import CASE_ACTIONS
from gongkai.applications.models import Application, ApplicationDocument, DocumentSerial
from gongkai.applications.services import workflow as wf
from gongkai.core.models import AuditEvent
from gongkai.orgs.permissions import roles_for

ROLES = ("editor", "reviewer", "secrecy", "approver", "organ_admin")
HANDLING = {"request_correction", "consult", "fee_notice", "answer", "transfer", "withdraw"}
FILE_WORK = {"assign", "note", "challenge"}
#: What each role may do on a case in 办理中 (in person, nothing recorded yet).
PROCESSING: dict[str, set[str]] = {
    "editor": HANDLING | FILE_WORK,
    "reviewer": HANDLING | FILE_WORK,
    "organ_admin": HANDLING | FILE_WORK,  # 公开办管理员 holds 采编 and 审核, not 签发
    "approver": HANDLING | FILE_WORK | {"extend", "delay"},  # Art. 33 / 35: the GIO head
    "secrecy": set(),  # 保密审查 reads the case, handles nothing
}
#: … and on an answered case (granted): deliver, archive, the decision letter.
ANSWERED: dict[str, set[str]] = {
    role: (FILE_WORK | {"deliver", "archive", "document"}) if actions else set()
    for role, actions in PROCESSING.items()
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def processing(register: Any) -> Application:
    return register(submitted_on=date(2026, 3, 2))


@pytest.fixture
def answered(register: Any, staff: dict[str, Any]) -> Application:
    app = register(submitted_on=date(2026, 3, 2))
    return wf.application_answer(
        actor=staff["editor"], app=app, outcome="granted", on=date(2026, 3, 5)
    )


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
        app.delayed_due_date,
        AuditEvent.objects.for_object(app).count(),
        DocumentSerial.objects.count(),
        ApplicationDocument.objects.count(),
        app.notes.count(),
        app.challenges.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", ["processing", "answered"])
def test_each_role_sees_exactly_the_actions_it_may_run_and_no_other_post_runs(
    request, client, staff, role, case
) -> None:
    app: Application = request.getfixturevalue(case)
    user = staff[role]
    expected = (PROCESSING if case == "processing" else ANSWERED)[role]

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


def test_an_extended_case_offers_no_second_extension(client, processing, staff) -> None:
    wf.application_extend(actor=staff["approver"], app=processing, days=10, reason="需检索档案")
    offered = _offered(client, staff["approver"], processing)
    assert "extend" not in offered and "delay" in offered


def test_unknown_action_is_404(client, processing, staff) -> None:
    client.force_login(staff["editor"])
    url = reverse("office_apps:act", args=[processing.pk, "publish"])
    assert client.post(url, {}).status_code == 404
