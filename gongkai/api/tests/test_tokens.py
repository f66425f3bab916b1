"""Tokens in the back office and on the command line: shown once, stored hashed, audited."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from gongkai.api.models import ApiToken
from gongkai.api.services import token_create
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_person_creates_a_token_and_sees_it_once(login: Any, staff: dict[str, Any]) -> None:
    client = login(staff["editor"])
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200 and "还没有接口令牌" in page.content.decode()
    created = client.post(reverse("api_tokens:list"), {"name": "两微一端同步", "days": "30"})
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get()
    html = created.content.decode()
    secret = html.split('class="secret" translate="no">', 1)[1].split("<", 1)[0]
    assert secret.startswith(token.prefix) and len(secret) > 40
    assert secret not in client.get(reverse("api_tokens:list")).content.decode()  # once only
    event = AuditEvent.objects.get(action="api.token_create")
    assert event.actor == staff["editor"] and secret not in str(event.data)
    response = client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["username"] == staff["editor"].username


@pytest.mark.parametrize(
    ("data", "message"),
    [({"name": "", "days": "30"}, "请填写令牌名称"), ({"name": "x", "days": "0"}, "至少为1天")],
)
def test_bad_token_form_is_a_400(
    login: Any, staff: dict[str, Any], data: dict[str, str], message: str
) -> None:
    response = login(staff["editor"]).post(reverse("api_tokens:list"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_own_token_and_not_anothers(login: Any, staff: dict[str, Any]) -> None:
    mine = token_create(actor=None, user=staff["editor"], name="我的").token
    theirs = token_create(actor=None, user=staff["approver"], name="别人的").token
    client = login(staff["editor"])
    listed = client.get(reverse("api_tokens:list")).content.decode()
    assert "我的" in listed and "别人的" not in listed
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert AuditEvent.objects.filter(action="api.token_revoke").count() == 1
    assert client.get(reverse("api_tokens:revoke", args=[mine.pk])).status_code == 405


def test_anonymous_is_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and "/office/login/" in response["Location"]


def test_command_creates_lists_and_revokes(staff: dict[str, Any]) -> None:
    out = StringIO()
    call_command("api", "token", "create", "editor", "--name", "迁移", "--days", "7", stdout=out)
    secret = out.getvalue().splitlines()[1]
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and token.user == staff["editor"]
    listing = StringIO()
    call_command("api", "token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and secret not in listing.getvalue()
    call_command("api", "token", "revoke", str(token.pk), stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action__startswith="api.token_").count() == 2
    with pytest.raises(CommandError, match="没有用户名"):
        call_command("api", "token", "create", "nobody-here", stdout=StringIO())
    with pytest.raises(CommandError, match="有效天数"):
        call_command("api", "token", "create", "editor", "--days", "0", stdout=StringIO())
