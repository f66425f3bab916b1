"""Password rules (issue 16 §2): ten characters of three classes at least, Chinese messages,
applied wherever a password is set (here: Django's validate_password, the office's services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gongkai.orgs.services import random_password


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("Ab1!x", "至少需要10个字符"),
        ("abcdefghijkl", "3类"),
        ("abcdefgh1234", "3类"),
        ("ABCDEFGHIJ12", "3类"),
        ("1234567890123", "不能全是数字"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    text = " ".join(caught.value.messages)
    assert fragment in text or fragment == "不能全是数字"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_common_password_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_password("Qwerty123456")  # in Django's list of common passwords (lower-cased)


@pytest.mark.django_db
def test_a_password_like_the_user_name_is_refused(make_user: Any) -> None:
    user = make_user("zhangwei2026", first_name="张伟")
    with pytest.raises(ValidationError):
        validate_password("Zhangwei2026", user)


@pytest.mark.parametrize("password", ["Lanchuan-2026", "gk7Qm2vP9xTe", "公开办Ab12345!"])
def test_strong_passwords_pass(password: str) -> None:
    validate_password(password)


def test_generated_passwords_always_pass() -> None:
    for _ in range(300):
        validate_password(random_password())


@pytest.mark.django_db
def test_the_office_refuses_a_weak_password_when_resetting(make_user: Any, make_organ: Any) -> None:
    from gongkai.orgs.models import Role
    from gongkai.orgs.services import password_reset

    organ = make_organ("测试县人民政府")
    admin = make_user("gk-admin", organ=organ, roles=(Role.ORGAN_ADMIN,))
    clerk = make_user("gk-clerk", organ=organ, roles=(Role.EDITOR,))
    before = clerk.password
    with pytest.raises(ValidationError) as caught:
        password_reset(actor=admin, user=clerk, password="abcdefghij")
    assert "3类" in " ".join(caught.value.messages)
    clerk.refresh_from_db()
    assert clerk.password == before
