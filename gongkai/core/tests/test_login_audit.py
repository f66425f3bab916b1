"""Permission changes made in the Django admin are audited (issue 16 §2): an account's staff and
superuser flags, its groups and permissions, and posts added or removed in the organ's page.
Posts granted and revoked in the back office are audited by their services (orgs tests)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from gongkai.core.audit import audit_data_text
from gongkai.core.login_audit import AccountsAudit
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(make_user: Any) -> Any:
    return make_user("root", is_staff=True, is_superuser=True, first_name="系统管理员")


@pytest.fixture
def root_client(root: Any) -> Client:
    client = Client()
    client.force_login(root)
    return client


def _user_form(user: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_flags_and_groups_changed_in_the_admin_are_audited(
    root_client: Client, root: Any, make_user: Any
) -> None:
    clerk = make_user("clerk", first_name="王五")
    group = Group.objects.create(name="审计员")
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    response = root_client.post(url, _user_form(clerk, is_staff="on", groups=[group.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    flags = AuditEvent.objects.get(action=AccountsAudit.ADMIN_FLAGS.value)
    assert flags.actor == root and flags.object_id == str(clerk.pk)
    assert flags.data == {"username": "clerk", "flag": "is_staff", "from": False, "to": True}
    text = audit_data_text(flags.data, action=flags.action)
    # PostgreSQL's jsonb keeps keys in its own order.
    assert set(text.split("；")) == {"用户名：clerk", "权限：可登录管理后台", "取值：否 → 是"}
    groups = AuditEvent.objects.get(action=AccountsAudit.ADMIN_GROUPS.value)
    assert groups.data == {"username": "clerk", "change": "add", "names": ["审计员"]}
    assert groups.actor == root


def test_posts_added_and_removed_in_the_organ_admin_are_audited(
    root_client: Client, root: Any, make_user: Any, organ: Any
) -> None:
    clerk = make_user("clerk", organ=organ, roles=("editor",))
    membership = Membership.objects.get(user=clerk)
    url = reverse("admin:orgs_organ_change", args=[organ.pk])
    page = root_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": membership.pk,
            f"{prefix}-0-organ": organ.pk,
            f"{prefix}-0-user": clerk.pk,
            f"{prefix}-0-role": "editor",
            f"{prefix}-0-DELETE": "on",
            f"{prefix}-1-organ": organ.pk,
            f"{prefix}-1-user": clerk.pk,
            f"{prefix}-1-role": "approver",
        }
    )
    response = root_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = AuditEvent.objects.get(action=AccountsAudit.ADMIN_MEMBERSHIP_GRANT.value)
    revoke = AuditEvent.objects.get(action=AccountsAudit.ADMIN_MEMBERSHIP_REVOKE.value)
    assert grant.data["role"] == "approver" and revoke.data["role"] == "editor"
    assert grant.data["organ"] == organ.name
    assert "岗位" in audit_data_text(grant.data, action=grant.action)
    assert grant.actor == revoke.actor == root


def test_failed_sign_ins_read_in_chinese_on_the_account_page(make_user: Any, organ: Any) -> None:
    make_user("clerk", organ=organ, roles=("editor",))
    Client().post(
        reverse("office:login"),
        {"username": "clerk", "password": "wrong-Pass-1"},
        REMOTE_ADDR="203.0.113.9",
    )
    event = AuditEvent.objects.get(action=AccountsAudit.LOGIN_FAILED.value)
    text = audit_data_text(event.data, action=event.action)
    assert set(text.split("；")) == {
        "用户名：clerk",
        "访问地址：203.0.113.9",
        "原因：用户名或密码错误",
    }


def test_changes_outside_the_admin_are_left_to_their_services(make_user: Any) -> None:
    clerk = make_user("clerk")
    clerk.is_staff = True
    clerk.save()
    get_user_model().objects.filter(pk=clerk.pk).update(is_superuser=True)
    assert not AuditEvent.objects.filter(action__startswith="account.admin").exists()
