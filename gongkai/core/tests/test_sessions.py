"""Idle sessions end (issue 16 §2): a signed-in official after SESSION_IDLE_MINUTES without a
request, an applicant's session too; anonymous readers get no session from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gongkai.core.login_audit import LAST_SEEN, AccountsAudit
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _age(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(session[LAST_SEEN]) - seconds
    session.save()


def test_an_idle_official_is_signed_out(staff: dict[str, Any], settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "SESSION_IDLE_MINUTES": 30}
    client = Client()
    client.force_login(staff["editor"])
    assert client.get(reverse("office:dashboard")).status_code == 200
    _age(client, 29 * 60)
    assert client.get(reverse("office:dashboard")).status_code == 200  # not idle long enough
    _age(client, 31 * 60)
    response = client.get(reverse("office:dashboard"), follow=True)
    assert response.redirect_chain and "/office/login/" in response.redirect_chain[-1][0]
    assert "超过30分钟未操作" in response.content.decode()
    assert AuditEvent.objects.filter(action=AccountsAudit.SESSION_EXPIRED.value).count() == 1


def test_an_applicants_idle_session_is_emptied(settings: Any) -> None:
    client = Client()
    session = client.session
    session["applications_done"] = 7
    session[LAST_SEEN] = 1
    session.save()
    client.get("/")
    assert "applications_done" not in client.session


def test_anonymous_readers_get_no_session() -> None:
    client = Client()
    response = client.get("/")
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies


def test_sessions_are_short() -> None:
    assert django_settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_citizen_reading_pages_leaves_the_session_unchanged() -> None:
    """Reading does not touch a citizen's session (so the page cache can serve them); a view
    that writes it records the time, which the idle limit then counts from."""
    client = Client()
    session = client.session
    session["applications_done"] = 7
    session.save()
    response = client.get("/")
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert LAST_SEEN not in client.session
