"""One process, several sites: each host name gets its own site's name, footer, colours and
content (issue 20 §5), and a platform without sites renders as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ
from gongkai.sites.models import Site


def _get(client: Client, path: str, host: str) -> Any:
    return client.get(path, HTTP_HOST=host)


def test_each_host_gets_its_own_site_and_only_its_items(
    client: Client,
    platform: dict[str, Site],
    city: Organ,
    jyj: Organ,
    wjw: Organ,
    published: Callable[..., Item],
) -> None:
    school = published(jyj, "关于做好2026年义务教育招生入学工作的通知")
    health = published(wjw, "关于开展家庭医生签约服务的通知")
    own = published(city, "岚城市人民政府关于印发营商环境优化方案的通知")

    dept = _get(client, "/", "jyj.localhost").content.decode()
    assert "岚城市教育局网站" in dept and "网站标识码：9901000002" in dept
    assert '<meta name="SiteIDCode" content="9901000002">' in dept
    assert school.title in dept
    assert health.title not in dept and own.title not in dept
    # The department chose its home page sections: 政策文件 only.
    assert "政策文件" in dept and "政府信息公开年报" not in dept and "重点领域信息公开" not in dept

    portal = _get(client, "/", "127.0.0.1").content.decode()
    assert "岚城市人民政府信息公开平台" in portal and "网站标识码：9901000001" in portal
    assert "岚城市教育局网站" not in portal
    assert school.title in portal and health.title in portal and own.title in portal
    # An unknown (but allowed) host is the primary site's.
    assert "岚城市人民政府信息公开平台" in _get(client, "/", "localhost").content.decode()


def test_organ_list_is_the_sites_subtree(
    client: Client, platform: dict[str, Site], city: Organ, jyj: Organ, wjw: Organ
) -> None:
    dept = _get(client, reverse("portal:organs"), "jyj.localhost").content.decode()
    assert jyj.name in dept and wjw.name not in dept
    portal = _get(client, reverse("portal:organs"), "127.0.0.1").content.decode()
    assert jyj.name in portal and wjw.name in portal


def test_another_sites_pages_redirect_to_the_site_that_holds_them(
    client: Client,
    platform: dict[str, Site],
    jyj: Organ,
    wjw: Organ,
    published: Callable[..., Item],
) -> None:
    health = published(wjw, "关于开展家庭医生签约服务的通知")
    response = _get(client, health.get_absolute_url(), "jyj.localhost:8000")
    assert response.status_code == 302
    assert response["Location"] == f"http://127.0.0.1:8000{health.get_absolute_url()}"
    for path in (reverse("portal:organ", args=[wjw.pk]), reverse("portal:guide", args=[wjw.pk])):
        assert _get(client, path, "jyj.localhost").status_code == 302
    # Its own pages, and every page of the portal, are served where asked.
    assert _get(client, reverse("portal:organ", args=[jyj.pk]), "jyj.localhost").status_code == 200
    assert _get(client, health.get_absolute_url(), "127.0.0.1").status_code == 200


def test_the_site_stylesheet_carries_the_theme_colour_and_layout(
    client: Client, platform: dict[str, Site]
) -> None:
    page = _get(client, "/", "jyj.localhost").content.decode()
    assert '<link rel="stylesheet" href="/site.css?v=' in page
    css = _get(client, reverse("sites:css"), "jyj.localhost")
    assert css["Content-Type"].startswith("text/css")
    body = css.content.decode()
    assert "--accent: #1e6b3a;" in body and "--accent-dark:" in body
    assert "public" in css["Cache-Control"]
    assert "#b4111c" in _get(client, reverse("sites:css"), "127.0.0.1").content.decode()


def test_a_site_saved_is_served_at_once(
    client: Client, platform: dict[str, Site], wjw: Organ, add_site: Callable[..., Site]
) -> None:
    """Added from the back office, no deploy: the next request on its host finds it."""
    assert "卫健委网站" not in _get(client, "/", "wjw.localhost").content.decode()
    add_site(wjw, ("wjw.localhost",), name="岚城市卫健委网站")
    assert "岚城市卫健委网站" in _get(client, "/", "wjw.localhost").content.decode()


def test_without_sites_the_platform_is_the_site_of_the_site_file(
    client: Client, settings: Any, jyj: Organ, wjw: Organ, published: Callable[..., Item]
) -> None:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "SITE_NAME": "配置文件中的网站",
        "SITE_ID_CODE": "9901000009",
    }
    school = published(jyj, "关于做好2026年义务教育招生入学工作的通知")
    health = published(wjw, "关于开展家庭医生签约服务的通知")
    for host in ("testserver", "jyj.localhost"):
        page = _get(client, "/", host).content.decode()
        assert "配置文件中的网站" in page and "网站标识码：9901000009" in page
        assert school.title in page and health.title in page
        assert "/site.css" not in page
    assert _get(client, health.get_absolute_url(), "jyj.localhost").status_code == 200


def test_a_host_the_deployment_refuses_is_a_400(client: Client, platform: dict[str, Site]) -> None:
    assert _get(client, "/", "evil.example.com").status_code == 400
