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
    response = strict.post(reverse("report_check:check"), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "重新填写提交" in html and "CSRF" not in html


def test_reading_preferences_need_no_token(client: Client) -> None:
    """The 简/繁 and 适老化 forms are on every (cached) page, so they carry no CSRF token: a
    reader whose page came from the cache can still switch."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portal:set_large"), {"large": "1", "next": "/"})
    assert response.status_code == 302 and response.cookies["gk_large"].value == "1"
    assert "csrfmiddlewaretoken" not in strict.get("/").content.decode()


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


def test_a_400_says_what_was_wrong_in_chinese(settings) -> None:
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    settings.GONGKAI = {**settings.GONGKAI, "SITE_NAME": "岚川市人民政府信息公开平台"}
    request = RequestFactory().get("/")
    big = errors.bad_request(request, RequestDataTooBig("Request body exceeded"))
    html = big.content.decode()
    assert big.status_code == 400 and "提交的内容过大" in html and "exceeded" not in html
    assert "<title>请求无效 - 岚川市人民政府信息公开平台</title>" in html
    many = errors.bad_request(request, TooManyFieldsSent("The number of GET/POST parameters"))
    assert "提交的项目过多" in many.content.decode()


def test_too_many_fields_reach_the_chinese_400(client, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(reverse("apply:status"), {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400 and "提交的项目过多" in response.content.decode()


# What gunicorn refuses before Django sees the request (config/gunicorn.py).


def test_gunicorns_own_error_pages_are_chinese() -> None:
    import socket

    from config import gunicorn as conf

    assert conf.limit_request_line == 8190
    a, b = socket.socketpair()
    with a, b:
        conf.write_error(a, 414, "URI Too Long", "Request Line is too large (9024 > 8190)")
        a.shutdown(socket.SHUT_WR)
        data = b.recv(65536)
    head, body = data.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 414 Request-URI Too Long") or head.startswith(
        b"HTTP/1.1 414 URI Too Long"
    )
    assert b"charset=utf-8" in head and f"Content-Length: {len(body)}".encode() in head
    text = body.decode()
    assert "<title>网址过长</title>" in text and "错误代码：414" in text and "9024" not in text
    assert "请求无效" in conf.error_page(400).decode()


def test_gongkai_serve_starts_gunicorn_with_our_settings() -> None:
    from gongkai.core.management.commands.serve import Command

    started: list[list[str]] = []

    class Fake:
        def __init__(self, args: list[str]) -> None:
            started.append(args)

    import subprocess
    from unittest import mock

    with mock.patch.object(subprocess, "Popen", Fake):
        Command()._start_children("127.0.0.1", 8000, 1)
    web = started[0]
    assert web[web.index("--config") + 1] == "python:config.gunicorn"


def test_a_live_gunicorn_answers_an_over_long_url_in_chinese(tmp_path) -> None:
    """The real server with our settings: the 414 page, and a normal request still served."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path)}
    cmd = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--config", "python:config.gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
    ]  # fmt: skip
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with conn:
            conn.sendall(b"GET /search/?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert data.startswith(b"HTTP/1.1 414 ")
    assert "网址过长" in data.decode("utf-8")
