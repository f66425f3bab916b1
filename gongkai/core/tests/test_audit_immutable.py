"""No edit or delete path for audit events (issue 16 §2), for anyone, the superuser included;
retention of at least six months is a checked setting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from gongkai.core.login_audit import AccountsAudit
from gongkai.core.models import AuditEvent, AuditLogImmutableError

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(make_user: Any) -> Client:
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    return client


@pytest.fixture
def event(make_user: Any) -> AuditEvent:
    Client().post(reverse("office:login"), {"username": "ghost", "password": "wrong-Pass-1"})
    return AuditEvent.objects.get(action=AccountsAudit.LOGIN_FAILED.value)


def test_the_admin_shows_events_read_only(superuser_client: Client, event: AuditEvent) -> None:
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    listing = superuser_client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert "delete_selected" not in listing
    assert superuser_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert (
        superuser_client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code
        == 403
    )


def test_posting_edits_or_deletes_through_the_admin_changes_nothing(
    superuser_client: Client, event: AuditEvent
) -> None:
    before = list(AuditEvent.objects.filter(pk=event.pk).values())
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    response = superuser_client.post(
        change, {"actor_label": "篡改", "comment": "篡改", "_save": "1"}
    )
    assert response.status_code == 403
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    response = superuser_client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert list(AuditEvent.objects.filter(pk=event.pk).values()) == before


def test_the_model_refuses_edits_and_deletes(event: AuditEvent) -> None:
    event.comment = "篡改"
    with pytest.raises(AuditLogImmutableError):
        event.save()
    with pytest.raises(AuditLogImmutableError):
        event.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="篡改")
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


@pytest.mark.parametrize(("days", "ok"), [(90, False), (183, False), (184, True), (365, True)])
def test_retention_under_six_months_fails_the_check(settings: Any, days: int, ok: bool) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "AUDIT_RETENTION_DAYS": days}
    errors = [
        m
        for m in run_checks(tags=["gongkai"])
        if "AUDIT_RETENTION_DAYS" in m.msg and m.is_serious()
    ]
    assert (errors == []) is ok
    if not ok:
        assert "六个月" in errors[0].msg


def test_the_default_retention_is_at_least_six_months() -> None:
    from gongkai.core.conf import GongkaiSettings

    assert GongkaiSettings().AUDIT_RETENTION_DAYS >= 184
