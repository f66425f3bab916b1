"""Error pages speak Chinese and lead somewhere useful (Django's defaults are English)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.portal.views import errors

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_a_chinese_404_with_ways_on(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "Not Found" not in html
    assert f'href="{reverse("portal:search")}"' in html
    assert f'href="{reverse("apply:index")}"' in html


def test_our_own_404_message_is_shown_djangos_english_one_is_not(client: Client) -> None:
    item = client.get(reverse("portal:item", args=[999999]))
    assert item.status_code == 404 and "信息不存在或未公开" in item.content.decode()
    # get_object_or_404 says "No Attachment matches the given query." — internal English.
    attachment = client.get(reverse("portal:attachment", args=[999999]))
    html = attachment.content.decode()
    assert attachment.status_code == 404
    assert "matches" not in html and "页面不存在" in html


def test_expired_form_explains_itself(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:set_large"), {"large": "1", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "重新填写提交" in html and "CSRF" not in html


def test_forbidden_and_server_error_pages() -> None:
    request = RequestFactory().get("/office/")
    request.user = AnonymousUser()
    denied = errors.forbidden(request, PermissionDenied("只有签发人可以签发。"))
    assert denied.status_code == 403 and "只有签发人可以签发。" in denied.content.decode()
    plain = errors.forbidden(request, PermissionDenied())
    assert "您没有访问此页面的权限" in plain.content.decode()
    broken = errors.server_error(request)
    assert broken.status_code == 500 and "系统繁忙" in broken.content.decode()
    assert errors.not_found(request, Http404("附件不存在或已撤回")).status_code == 404


def test_handlers_are_wired() -> None:
    from config import urls

    assert urls.handler404 == "gongkai.portal.views.errors.not_found"
    assert urls.handler500 == "gongkai.portal.views.errors.server_error"


def test_a_forged_host_gets_the_plain_400_page(client: Client) -> None:
    """DisallowedHost is a 400; the page must not ask the request for its host again."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
