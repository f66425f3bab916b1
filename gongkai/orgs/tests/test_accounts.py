"""Accounts a 公开办管理员 manages (create, posts, 停用, password): who may, what is refused, and
that the audit log records each step without a password."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.orgs.audit import OrgsAudit
from gongkai.orgs.models import Membership, Organ, Role
from gongkai.orgs.services import (
    AccountFields,
    account_change,
    account_create,
    account_set_active,
    membership_grant,
    password_reset,
    role_revoke,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(make_organ: Callable[..., Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    city = make_organ("岚川市人民政府", kind=Organ.Kind.GOVERNMENT)
    county = make_organ("青岚区人民政府", parent=city, kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("青岚区教育局", parent=county)
    other = make_organ("鹭溪县人民政府", parent=city, kind=Organ.Kind.GOVERNMENT)
    return {
        "city": city,
        "county": county,
        "dept": dept,
        "other": other,
        "admin": make_user("county-admin", organ=county, roles=(Role.ORGAN_ADMIN,)),
        "editor": make_user("county-editor", organ=county, roles=(Role.EDITOR,)),
    }


def _create(actor: Any, organ: Organ, **kw: Any) -> tuple[Any, str]:
    defaults: dict[str, Any] = {
        "username": "zhangwei",
        "fields": AccountFields(full_name="张伟", email="zw@example.gov.cn"),
        "roles": [Role.EDITOR],
    }
    defaults.update(kw)
    return account_create(actor=actor, organ=organ, **defaults)


def test_create_in_an_organ_below_with_a_generated_password(tree: dict[str, Any]) -> None:
    user, password = _create(tree["admin"], tree["dept"], roles=[Role.EDITOR, Role.REVIEWER])
    assert len(password) == 12 and user.check_password(password)
    assert user.get_full_name() == "张伟" and user.is_active
    assert not user.is_superuser and not user.is_staff
    roles = set(
        Membership.objects.filter(user=user, organ=tree["dept"]).values_list("role", flat=True)
    )
    assert roles == {Role.EDITOR, Role.REVIEWER}
    created = AuditEvent.objects.get(action=OrgsAudit.USER_CREATE)
    assert created.organ_id == tree["dept"].pk and created.data["generated"] is True
    assert AuditEvent.objects.filter(action=OrgsAudit.MEMBERSHIP_GRANT).count() == 2
    assert password not in json.dumps(list(AuditEvent.objects.values("data", "comment")))


def test_an_organ_outside_the_subtree_is_a_403(tree: dict[str, Any]) -> None:
    """Bad input of issue 13: an account created for an organ outside the admin's subtree."""
    for organ in (tree["other"], tree["city"]):
        with pytest.raises(PermissionDenied):
            _create(tree["admin"], organ)
    assert not get_user_model().objects.filter(username="zhangwei").exists()
    with pytest.raises(PermissionDenied):
        _create(tree["editor"], tree["county"])  # not a 公开办管理员 at all
    user, _ = _create(tree["admin"], tree["county"])
    with pytest.raises(PermissionDenied):
        membership_grant(actor=tree["admin"], user=user, organ=tree["other"], role=Role.APPROVER)
    assert not Membership.objects.filter(user=user, organ=tree["other"]).exists()


def test_bad_input_is_refused_with_chinese_messages(tree: dict[str, Any]) -> None:
    admin, county = tree["admin"], tree["county"]
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"username": "county-editor"}, "username", "已被使用"),
        ({"username": "张 伟"}, "username", "只能包含"),
        ({"username": " "}, "username", "请填写用户名"),
        ({"roles": []}, "roles", "至少选择一个岗位"),
        ({"roles": ["superuser"]}, "roles", "岗位无效"),
        ({"fields": AccountFields(full_name="")}, "full_name", "请填写姓名"),
        ({"fields": AccountFields(full_name="张伟", email="not-mail")}, "email", "格式不正确"),
        ({"password": "short"}, "password", "密码太短，至少需要10个字符"),
    ]
    for kw, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            _create(admin, county, **kw)
        assert message in " ".join(exc.value.message_dict[field]), (kw, exc.value.message_dict)
    assert get_user_model().objects.count() == 2  # nothing half-written
    user, password = _create(admin, county, password="Qingl@n-2026")
    assert password == "Qingl@n-2026" and user.check_password(password)
    assert AuditEvent.objects.get(action=OrgsAudit.USER_CREATE).data["generated"] is False


def test_every_configured_password_validator_speaks_chinese(
    tree: dict[str, Any], settings: Any
) -> None:
    validators = "django.contrib.auth.password_validation."
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": validators + name}
        for name in (
            "MinimumLengthValidator",
            "NumericPasswordValidator",
            "CommonPasswordValidator",
            "UserAttributeSimilarityValidator",
        )
    ]
    for password, message in (
        ("12345678901", "不能全是数字"),
        ("password123", "过于常见"),
        ("zhangwei2026", "过于相似"),
    ):
        with pytest.raises(ValidationError) as exc:
            _create(tree["admin"], tree["county"], password=password)
        assert message in " ".join(exc.value.message_dict["password"]), password


def test_posts_are_granted_and_revoked_but_never_the_last(tree: dict[str, Any]) -> None:
    admin = tree["admin"]
    user, _ = _create(admin, tree["county"])
    membership_grant(actor=admin, user=user, organ=tree["dept"], role=Role.APPROVER)
    role_revoke(actor=admin, user=user, organ=tree["county"], role=Role.EDITOR)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.APPROVER
    ]
    with pytest.raises(ValidationError, match="唯一的岗位"):
        role_revoke(actor=admin, user=user, organ=tree["dept"], role=Role.APPROVER)
    with pytest.raises(ValidationError, match="没有这个岗位"):
        role_revoke(actor=admin, user=user, organ=tree["dept"], role=Role.SECRECY)
    with pytest.raises(ValidationError, match="自己的公开办管理员岗位"):
        role_revoke(actor=admin, user=admin, organ=tree["county"], role=Role.ORGAN_ADMIN)
    revoked = AuditEvent.objects.get(action=OrgsAudit.ROLE_REVOKE)
    assert revoked.data == {"user": "zhangwei", "role": "editor", "organ": "青岚区人民政府"}


def test_deactivate_reset_and_rename(tree: dict[str, Any]) -> None:
    admin = tree["admin"]
    user, first = _create(admin, tree["dept"])
    account_set_active(actor=admin, user=user, active=False)
    user.refresh_from_db()
    assert not user.is_active
    account_set_active(actor=admin, user=user, active=True)
    with pytest.raises(ValidationError, match="不能停用自己"):
        account_set_active(actor=admin, user=admin, active=False)
    new = password_reset(actor=admin, user=user)
    user.refresh_from_db()
    assert new != first and user.check_password(new) and not user.check_password(first)
    with pytest.raises(ValidationError) as exc:
        password_reset(actor=admin, user=user, password="1234")
    assert "password" in exc.value.message_dict
    user.refresh_from_db()
    assert user.check_password(new)  # a refused password changes nothing
    account_change(actor=admin, user=user, fields=AccountFields(full_name="张卫"))
    user.refresh_from_db()
    assert user.get_full_name() == "张卫" and user.email == ""
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk), action__startswith="user.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        OrgsAudit.USER_CREATE,
        OrgsAudit.USER_DEACTIVATE,
        OrgsAudit.USER_REACTIVATE,
        OrgsAudit.PASSWORD_RESET,
        OrgsAudit.USER_CHANGE,
    ]
    assert new not in json.dumps(list(AuditEvent.objects.values("data")))


def test_accounts_that_serve_elsewhere_or_run_the_system_are_not_theirs(
    tree: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    admin = tree["admin"]
    shared = make_user("shared", organ=tree["county"], roles=(Role.EDITOR,))
    Membership.objects.create(user=shared, organ=tree["other"], role=Role.EDITOR)
    for write in (
        lambda: password_reset(actor=admin, user=shared),
        lambda: account_set_active(actor=admin, user=shared, active=False),
        lambda: account_change(actor=admin, user=shared, fields=AccountFields(full_name="某")),
    ):
        with pytest.raises(PermissionDenied):
            write()
    # Its post in the admin's own organ is the admin's to manage.
    membership_grant(actor=admin, user=shared, organ=tree["dept"], role=Role.REVIEWER)
    root = get_user_model().objects.create_superuser("root", password="Root-pass-2026")
    Membership.objects.create(user=root, organ=tree["county"], role=Role.EDITOR)
    for write in (
        lambda: password_reset(actor=admin, user=root),
        lambda: membership_grant(actor=admin, user=root, organ=tree["county"], role=Role.APPROVER),
    ):
        with pytest.raises(PermissionDenied):
            write()
    # A city admin (above both organs) manages the whole shared account.
    city_admin = make_user("city-admin", organ=tree["city"], roles=(Role.ORGAN_ADMIN,))
    password_reset(actor=city_admin, user=shared)
