"""Issue 13 point 7: an extension (Art. 33 para 2) is consented to by the head of the GIO working
body (`Role.GIO_HEAD`): the handler asks with the reason, the head approves or refuses, or
extends directly; only the approval moves the due date."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.applications.services import extension as ext
from gongkai.applications.services.documents import document_generate
from gongkai.core.models import AuditEvent

REASON = "所需信息分散在多个科室，需汇总核对"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_handler_asks_and_the_head_consents(register, staff, head) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    due = app.due_date
    app = ext.application_request_extension(
        actor=staff["editor"], app=app, days=15, reason=f" {REASON} ", on=date(2025, 10, 9)
    )
    assert app.extension_requested_days == 15 and app.extension_requested_reason == REASON
    assert app.due_date == due and not app.extended  # asking changes nothing yet
    with pytest.raises(ValidationError, match="等待政府信息公开工作机构负责人审批"):
        ext.application_request_extension(actor=staff["editor"], app=app, reason="再申请")
    for role in ("editor", "approver", "organ_admin"):
        with pytest.raises(PermissionDenied, match="负责人同意"):
            ext.application_extend(actor=staff[role], app=app, days=15, reason=REASON)
    app = ext.application_extend(actor=head, app=app, days=10, reason=REASON)  # may shorten
    assert app.extended and app.extension_days == 10 and app.extension_reason == REASON
    assert app.due_date is not None and due is not None and app.due_date > due
    assert app.extension_requested_on is None  # the request is settled
    event = AuditEvent.objects.for_object(app).get(action="application.extend")
    assert event.actor == head
    assert event.data["requested_by"] == "editor" and event.data["requested_days"] == 15


def test_the_head_may_refuse_with_a_reason(register, staff, head) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    due = app.due_date
    with pytest.raises(ValidationError, match="没有待审批的延期申请"):
        ext.application_refuse_extension(actor=head, app=app, comment="不必")
    app = ext.application_request_extension(actor=staff["editor"], app=app, reason=REASON)
    with pytest.raises(ValidationError, match="不同意延期的理由"):
        ext.application_refuse_extension(actor=head, app=app, comment=" ")
    with pytest.raises(PermissionDenied):
        ext.application_refuse_extension(actor=staff["approver"], app=app, comment="不同意")
    app = ext.application_refuse_extension(actor=head, app=app, comment="可在期限内答复。")
    assert app.extension_requested_on is None and not app.extended and app.due_date == due
    refused = AuditEvent.objects.for_object(app).get(action="application.extension_refuse")
    assert refused.comment == "可在期限内答复。"
    # The handler may ask again (Art. 33 allows one extension, not one request).
    app = ext.application_request_extension(actor=staff["editor"], app=app, reason=REASON)
    assert app.extension_requested_on is not None


def test_the_case_pages_follow_the_request(client, register, staff, head) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="act-request_extension"' in page and 'id="act-extend"' not in page
    response = client.post(
        reverse("office_apps:act", args=[app.pk, "request_extension"]),
        {"days": "12", "reason": REASON},
    )
    assert response.status_code == 302
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="extension-request"' in page and REASON in page
    assert 'id="act-request_extension"' not in page  # one request at a time
    client.force_login(head)
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="act-extend"' in page and 'id="act-refuse_extension"' in page
    assert 'value="12"' in page and f'value="{REASON}"' in page  # prefilled from the request
    response = client.post(
        reverse("office_apps:act", args=[app.pk, "extend"]), {"days": "12", "reason": REASON}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.extended and app.extension_days == 12


def test_an_organ_without_a_gio_head_is_told(client, register, staff) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:case", args=[app.pk])).content.decode()
    assert 'id="no-gio-head"' in page


def test_the_extension_letter_gives_the_extension_reason(register, staff, head) -> None:
    app = register(submitted_on=date(2025, 9, 26))
    app = ext.application_request_extension(actor=staff["editor"], app=app, reason=REASON)
    app = ext.application_extend(actor=head, app=app, days=15, reason=REASON)
    doc = document_generate(actor=staff["editor"], app=app, kind="extension")
    with doc.file.open("rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert f"因{REASON}，本机关不能在法定期限内作出答复" in text
    assert "延长15个工作日" in text and "经本机关政府信息公开工作机构负责人同意" in text
