"""简/繁 switch (whole page, remembered), 适老化 mode and accessibility scaffolding."""

from __future__ import annotations

from django.urls import reverse


def test_traditional_cookie_converts_whole_page(client, make_item) -> None:
    item = make_item(title="关于政务公开工作的通知")
    client.cookies["gk_script"] = "hant"
    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert "<title>關於政務公開工作的通知" in html  # the <title> too
    assert "主動公開" in html and "公开" not in html
    assert '<html lang="zh-Hant"' in html
    assert response["Content-Language"] == "zh-Hant"
    assert "Cookie" in response["Vary"]
    assert "简体版" in html or "簡體版" in html  # the way back


def test_script_switch_is_remembered(client, make_item) -> None:
    item = make_item()
    response = client.post(
        reverse("portal:set_script"), {"script": "hant", "next": item.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    cookie = response.cookies["gk_script"]
    assert cookie.value == "hant" and int(cookie["max-age"]) >= 300 * 24 * 3600
    assert "公開" in client.get(reverse("portal:home")).content.decode()
    client.post(reverse("portal:set_script"), {"script": "hans", "next": "/"})
    assert "公开" in client.get(reverse("portal:home")).content.decode()


def test_script_switch_drops_script_param_and_refuses_offsite(client) -> None:
    response = client.post(
        reverse("portal:set_script"), {"script": "hans", "next": "/browse/?year=2026&script=hant"}
    )
    assert response["Location"] == "/browse/?year=2026"
    response = client.post(
        reverse("portal:set_script"), {"script": "hant", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_large_mode(client, db) -> None:
    response = client.post(reverse("portal:set_large"), {"large": "1", "next": "/"})
    assert response.cookies["gk_large"].value == "1"
    html = client.get(reverse("portal:home")).content.decode()
    assert 'class="large-mode"' in html and "退出适老化" in html
    client.post(reverse("portal:set_large"), {"large": "0", "next": "/"})
    assert 'class="large-mode"' not in client.get(reverse("portal:home")).content.decode()


def test_get_on_switches_is_refused(client) -> None:
    assert client.get(reverse("portal:set_script")).status_code == 405


def test_landmarks_breadcrumb_and_footer(client, organ) -> None:
    html = client.get(reverse("portal:guide", args=[organ.pk])).content.decode()
    assert "<header" in html and "<nav" in html and '<main id="main"' in html
    assert "<footer" in html and "政府信息公开平台" in html.split("<footer")[1]
    crumb = html.split('aria-label="当前位置"')[1].split("</nav>")[0]
    assert (
        "首页" in crumb and organ.name in crumb and 'aria-current="page">政府信息公开指南' in crumb
    )
