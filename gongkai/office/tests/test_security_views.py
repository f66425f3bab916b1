"""账号安全 (issue 16 §2): an official enrols a TOTP authenticator (secret shown as text and as
an otpauth:// address, active only once a code is confirmed), signs in with it, removes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core import totp
from gongkai.core.login_audit import AccountsAudit
from gongkai.core.models import AuditEvent
from gongkai.core.security_models import StaffTOTP

pytestmark = pytest.mark.django_db
URL = "/office/security/"


@pytest.fixture
def official(staff: dict[str, Any]) -> Any:
    return staff["editor"]


@pytest.fixture
def client_in(official: Any) -> Client:
    client = Client()
    client.force_login(official)
    return client


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def test_enrol_confirm_and_sign_in(client_in: Client, official: Any) -> None:
    assert reverse("office:security") == URL
    page = client_in.get(URL)
    assert "未启用动态口令" in page.content.decode() and page["Cache-Control"] == "no-store"
    page = client_in.post(URL, {"action": "start"})
    html = page.content.decode()
    secret = page.context["secret"]
    assert secret in html and "otpauth://totp/" in html
    assert not StaffTOTP.objects.filter(user=official).exists()  # not until confirmed
    page = client_in.post(URL, {"action": "confirm", "code": _wrong(totp.totp(secret))})
    assert "动态验证码不正确" in page.content.decode()
    assert not StaffTOTP.objects.filter(user=official).exists()
    response = client_in.post(URL, {"action": "confirm", "code": totp.totp(secret)})
    assert response.status_code == 302
    assert StaffTOTP.objects.get(user=official).secret == secret
    assert AuditEvent.objects.filter(action=AccountsAudit.TOTP_ENABLE.value).count() == 1
    # Signing in now needs the code (a code newer than the one used to confirm).
    fresh = Client()
    login = {"username": official.username, "password": "pw-Test-1234"}
    assert "_auth_user_id" not in fresh.session
    fresh.post(reverse("office:login"), login)
    assert "_auth_user_id" not in fresh.session


def test_confirm_without_start_and_unknown_actions_change_nothing(
    client_in: Client, official: Any
) -> None:
    page = client_in.post(URL, {"action": "confirm", "code": "123456"})
    assert "请先点击" in page.content.decode()
    page = client_in.post(URL, {})
    assert "请求无效" in page.content.decode()
    assert (
        not StaffTOTP.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="account.totp").exists()
    )


def test_remove_needs_a_current_code(client_in: Client, official: Any) -> None:
    device = StaffTOTP.objects.create(user=official, secret=totp.new_secret())
    page = client_in.post(URL, {"action": "remove", "code": _wrong(totp.totp(device.secret))})
    assert "动态验证码不正确" in page.content.decode()
    assert StaffTOTP.objects.filter(pk=device.pk).exists()
    response = client_in.post(URL, {"action": "remove", "code": totp.totp(device.secret)})
    assert response.status_code == 302 and not StaffTOTP.objects.exists()
    assert AuditEvent.objects.filter(action=AccountsAudit.TOTP_DISABLE.value).count() == 1


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/office/login/" in response["Location"]
