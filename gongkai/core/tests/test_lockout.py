"""Sign-in lockout, second factor and the audit of sign-ins (issue 16 §2), on the office's
sign-in page and on the Django admin's, through the real views and the real (test) cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core import lockout, totp
from gongkai.core.login_audit import AccountsAudit
from gongkai.core.models import AuditEvent
from gongkai.core.security_models import StaffTOTP

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Test-1234"  # conftest's make_user
LIMITS = {"LOGIN_FAILURE_LIMIT": 3, "LOGIN_IP_FAILURE_LIMIT": 6, "LOGIN_LOCKOUT_MINUTES": 15}
PAGES = {"office": "office:login", "admin": "admin:login"}


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, **LIMITS}


@pytest.fixture
def official(make_user: Any, organ: Any) -> Any:
    return make_user("zhang.wei", organ=organ, roles=("editor",), is_staff=True, first_name="张伟")


def _post(client: Client, page: str, username: str, password: str, code: str = "") -> Any:
    data = {"username": username, "password": password}
    if code:
        data["otp_code"] = code
    return client.post(reverse(PAGES[page]), data, REMOTE_ADDR="203.0.113.7")


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@pytest.mark.parametrize("page", PAGES)
def test_locked_after_repeated_failures_even_with_the_right_password(
    page: str, official: Any
) -> None:
    client = Client()
    for _ in range(LIMITS["LOGIN_FAILURE_LIMIT"]):
        response = _post(client, page, "zhang.wei", "wrong-Pass-1")
        assert response.status_code == 200 and not _signed_in(client)
    response = _post(client, page, "zhang.wei", PASSWORD)
    assert response.status_code == 200 and not _signed_in(client)
    html = response.content.decode()
    assert "已被暂时锁定" in html and "15分钟" in html
    actions = _actions()
    assert actions.count(AccountsAudit.LOGIN_FAILED.value) == 3
    assert actions.count(AccountsAudit.LOCKED.value) == 1
    assert actions[-1] == AccountsAudit.LOGIN_REFUSED_LOCKED.value
    refused = AuditEvent.objects.order_by("id").last()
    assert refused is not None and refused.object_id == str(official.pk)
    assert refused.data["username"] == "zhang.wei" and refused.data["ip"] == "203.0.113.7"
    recorded = str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert PASSWORD not in recorded and "wrong-Pass-1" not in recorded


def test_the_office_and_the_admin_count_together(official: Any) -> None:
    client = Client()
    _post(client, "office", "zhang.wei", "wrong-Pass-1")
    _post(client, "admin", "zhang.wei", "wrong-Pass-1")
    _post(client, "office", "ZHANG.WEI ", "wrong-Pass-1")  # the same name, typed otherwise
    assert lockout.is_locked("zhang.wei", "198.51.100.1")


def test_a_success_clears_the_count_and_is_audited(official: Any) -> None:
    client = Client()
    for _ in range(LIMITS["LOGIN_FAILURE_LIMIT"] - 1):
        _post(client, "office", "zhang.wei", "wrong-Pass-1")
    response = _post(client, "office", "zhang.wei", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)
    login = AuditEvent.objects.filter(action=AccountsAudit.LOGIN.value).get()
    assert login.actor == official and login.actor_label == "张伟"
    client.post(reverse("office:logout"))
    assert _actions()[-1] == AccountsAudit.LOGOUT.value
    # The count started again: two more failures do not lock.
    for _ in range(LIMITS["LOGIN_FAILURE_LIMIT"] - 1):
        _post(client, "office", "zhang.wei", "wrong-Pass-1")
    assert not lockout.is_locked("zhang.wei", "198.51.100.1")


def test_one_address_guessing_many_names_is_locked(official: Any) -> None:
    client = Client()
    for n in range(LIMITS["LOGIN_IP_FAILURE_LIMIT"]):
        _post(client, "office", f"guess{n}", "wrong-Pass-1")
    response = _post(client, "office", "zhang.wei", PASSWORD)  # a name never tried: address locked
    assert not _signed_in(client) and "已被暂时锁定" in response.content.decode()
    # Another address may still sign in as that official.
    other = Client()
    response = other.post(
        reverse("office:login"),
        {"username": "zhang.wei", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 302


def test_unknown_names_are_audited_without_an_object(official: Any) -> None:
    _post(Client(), "office", "nobody-here", "wrong-Pass-1")
    event = AuditEvent.objects.get(action=AccountsAudit.LOGIN_FAILED.value)
    assert event.object_id == "" and event.data["username"] == "nobody-here"
    assert event.actor is None and event.actor_label == "匿名"


def test_the_wrong_password_message_is_chinese(official: Any) -> None:
    html = _post(Client(), "office", "zhang.wei", "wrong-Pass-1").content.decode()
    assert "用户名或密码不正确" in html and "3次将锁定15分钟" in html


# ---- the second factor ------------------------------------------------------------------------


@pytest.fixture
def enrolled(official: Any) -> StaffTOTP:
    return StaffTOTP.objects.create(user=official, secret=totp.new_secret())


@pytest.mark.parametrize("page", PAGES)
def test_an_enrolled_official_needs_the_code(page: str, enrolled: StaffTOTP) -> None:
    client = Client()
    response = _post(client, page, "zhang.wei", PASSWORD)
    assert not _signed_in(client) and "该账号已启用动态口令" in response.content.decode()
    response = _post(client, page, "zhang.wei", PASSWORD, code=totp.totp(enrolled.secret))
    assert response.status_code == 302 and _signed_in(client)


@pytest.mark.parametrize("page", PAGES)
def test_a_wrong_code_is_refused_counted_and_audited(page: str, enrolled: StaffTOTP) -> None:
    client = Client()
    right = totp.totp(enrolled.secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _post(client, page, "zhang.wei", PASSWORD, code=wrong)
    assert not _signed_in(client) and "动态验证码不正确" in response.content.decode()
    event = AuditEvent.objects.get(action=AccountsAudit.LOGIN_FAILED.value)
    assert event.data["reason"] == "totp_wrong"
    for _ in range(LIMITS["LOGIN_FAILURE_LIMIT"] - 1):
        _post(client, page, "zhang.wei", PASSWORD, code=wrong)
    response = _post(client, page, "zhang.wei", PASSWORD, code=right)  # locked now
    assert not _signed_in(client) and "已被暂时锁定" in response.content.decode()


def test_a_code_is_good_once(enrolled: StaffTOTP) -> None:
    code = totp.totp(enrolled.secret)
    first = Client()
    assert _post(first, "office", "zhang.wei", PASSWORD, code=code).status_code == 302
    second = Client()
    response = _post(second, "office", "zhang.wei", PASSWORD, code=code)
    assert not _signed_in(second) and "已使用过" in response.content.decode()


def test_the_admin_page_shows_the_code_field() -> None:
    html = Client().get(reverse("admin:login")).content.decode()
    assert 'name="otp_code"' in html and "动态验证码" in html
