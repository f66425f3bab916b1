"""账号与岗位 pages: a 公开办管理员 lists, creates and manages the accounts of its organ and the
organs below; an organ outside its subtree is a 403; the menus show only what a role may open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Membership, Organ, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(make_organ: Callable[..., Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    city = make_organ("岚川市人民政府", kind=Organ.Kind.GOVERNMENT)
    county = make_organ("青岚区人民政府", parent=city, kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("青岚区教育局", parent=county)
    other = make_organ("鹭溪县人民政府", parent=city, kind=Organ.Kind.GOVERNMENT)
    admin = make_user("county-admin", organ=county, roles=(Role.ORGAN_ADMIN,), first_name="王芳")
    return {
        "city": city,
        "county": county,
        "dept": dept,
        "other": other,
        "admin": admin,
        "teacher": make_user("zw-dept", organ=dept, roles=(Role.EDITOR,), first_name="张伟"),
        "namesake": make_user("zw-county", organ=county, roles=(Role.EDITOR,), first_name="张伟"),
        "stranger": make_user("ls-other", organ=other, roles=(Role.EDITOR,), first_name="李四"),
    }


@pytest.fixture
def admin_client(tree: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(tree["admin"])
    return client


def test_list_by_organ_with_roles(admin_client: Client, tree: dict[str, Any]) -> None:
    html = admin_client.get(reverse("office:accounts")).content.decode()
    assert "青岚区教育局：采编" in html and "青岚区人民政府：公开办管理员" in html
    assert "张伟（zw-dept）" in html and "张伟（zw-county）" in html  # namesakes told apart
    assert "李四" not in html  # another county's people are not listed
    only = admin_client.get(reverse("office:accounts"), {"organ": tree["dept"].pk})
    text = only.content.decode()
    assert "zw-dept" in text and "zw-county" not in text
    assert html.index("青岚区人民政府") < html.index("青岚区教育局")  # tree order


def test_create_shows_the_generated_password_once(
    admin_client: Client, tree: dict[str, Any]
) -> None:
    response = admin_client.post(
        reverse("office:account_new"),
        {
            "organ": tree["dept"].pk,
            "username": "chenjing",
            "full_name": "陈静",
            "email": "",
            "roles": [Role.EDITOR, Role.REVIEWER],
            "password": "",
        },
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    user = get_user_model().objects.get(username="chenjing")
    password = response.context["password"]
    assert user.check_password(password) and password in response.content.decode()
    detail = admin_client.get(reverse("office:account_detail", args=[user.pk])).content.decode()
    assert password not in detail
    assert "新建账号" in detail and "岗位：采编、审核" in detail  # the 办理记录, in Chinese
    assert "roles：" not in detail and "['editor'" not in detail


def test_create_errors_keep_the_input(admin_client: Client, tree: dict[str, Any]) -> None:
    response = admin_client.post(
        reverse("office:account_new"),
        {"organ": tree["dept"].pk, "username": "zw-dept", "full_name": "张伟", "roles": []},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请至少选择一个岗位" in html and 'value="zw-dept"' in html
    assert "<title>错误：" in html


def test_an_organ_outside_the_subtree_is_a_403(admin_client: Client, tree: dict[str, Any]) -> None:
    """Bad input of issue 13: an account created for an organ outside the admin's subtree."""
    response = admin_client.post(
        reverse("office:account_new"),
        {
            "organ": tree["other"].pk,
            "username": "intruder",
            "full_name": "某人",
            "roles": [Role.ORGAN_ADMIN],
        },
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="intruder").exists()
    teacher = tree["teacher"]
    grant = admin_client.post(
        reverse("office:account_grant", args=[teacher.pk]),
        {"grant-organ": tree["city"].pk, "grant-role": Role.APPROVER},
    )
    assert grant.status_code == 403
    assert not Membership.objects.filter(user=teacher, organ=tree["city"]).exists()
    stranger = tree["stranger"]
    assert admin_client.get(reverse("office:account_detail", args=[stranger.pk])).status_code == 403
    reset = admin_client.post(reverse("office:account_password", args=[stranger.pk]), {})
    assert reset.status_code == 403


def test_grant_revoke_deactivate_and_reset(admin_client: Client, tree: dict[str, Any]) -> None:
    teacher = tree["teacher"]
    detail = reverse("office:account_detail", args=[teacher.pk])
    admin_client.post(
        reverse("office:account_grant", args=[teacher.pk]),
        {"grant-organ": tree["county"].pk, "grant-role": Role.SECRECY},
    )
    assert Membership.objects.filter(user=teacher, organ=tree["county"], role="secrecy").exists()
    admin_client.post(
        reverse("office:account_revoke", args=[teacher.pk]),
        {"organ": tree["dept"].pk, "role": Role.EDITOR},
    )
    assert not Membership.objects.filter(user=teacher, organ=tree["dept"]).exists()
    last = admin_client.post(
        reverse("office:account_revoke", args=[teacher.pk]),
        {"organ": tree["county"].pk, "role": Role.SECRECY},
        follow=True,
    )
    assert "唯一的岗位" in last.content.decode()
    admin_client.post(reverse("office:account_active", args=[teacher.pk]), {"active": "0"})
    teacher.refresh_from_db()
    assert not teacher.is_active
    html = admin_client.get(detail).content.decode()
    assert "已停用" in html and "停用账号" in html  # the 办理记录 names the step
    bad = admin_client.post(
        reverse("office:account_password", args=[teacher.pk]), {"pw-password": "123"}
    )
    assert bad.status_code == 400 and "密码太短" in bad.content.decode()
    good = admin_client.post(
        reverse("office:account_password", args=[teacher.pk]), {"pw-password": ""}
    )
    teacher.refresh_from_db()
    assert teacher.check_password(good.context["password"])
    assert good["Cache-Control"] == "no-store"


def test_the_menus_follow_the_roles(
    tree: dict[str, Any], admin_client: Client, make_user: Callable[..., Any]
) -> None:
    home = admin_client.get(reverse("office:dashboard")).content.decode()
    assert reverse("reports:index") in home and reverse("office:accounts") in home
    editor = Client()
    editor.force_login(tree["teacher"])
    page = editor.get(reverse("office:dashboard")).content.decode()
    # The report pages require the 公开办管理员 role: no menu that leads to a 403.
    assert reverse("reports:index") not in page and reverse("office:accounts") not in page
    assert editor.get(reverse("reports:index")).status_code == 403
    assert editor.get(reverse("office:accounts")).status_code == 403
