"""Done means (issue 20): "the demo serves two sites on two host names from one process". One
live server (one process, one port); requests name the department's host or the city's."""

from __future__ import annotations

import http.client
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ
from gongkai.sites.models import Site


def _fetch(base: str, host: str, path: str = "/") -> tuple[int, str, dict[str, str]]:
    """GET `path` from the server at `base`, naming `host` in the Host header (as a browser
    does for jyj.localhost, which resolves to the loopback address)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "localhost", parts.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{parts.port}"})
        response = conn.getresponse()
        return response.status, response.read().decode(), dict(response.getheaders())
    finally:
        conn.close()


def test_one_server_process_serves_both_host_names(
    live_server: Any,
    platform: dict[str, Site],
    jyj: Organ,
    wjw: Organ,
    office: Any,
    add_site: Callable[..., Site],
    published: Callable[..., Item],
) -> None:
    add_site(wjw, ("wjw.localhost",), name="岚城市卫生健康委员会网站", colour="#6b3fa0")
    school = published(jyj, "关于做好2026年义务教育招生入学工作的通知")
    health = published(wjw, "关于开展家庭医生签约服务的通知")

    status, jyj_home, _ = _fetch(live_server.url, "jyj.localhost")
    assert status == 200 and "岚城市教育局网站" in jyj_home
    assert school.title in jyj_home and health.title not in jyj_home

    status, wjw_home, _ = _fetch(live_server.url, "wjw.localhost")
    assert status == 200 and "岚城市卫生健康委员会网站" in wjw_home
    assert health.title in wjw_home and school.title not in wjw_home

    status, city_home, _ = _fetch(live_server.url, "127.0.0.1")
    assert status == 200 and "岚城市人民政府信息公开平台" in city_home
    assert school.title in city_home and health.title in city_home

    status, css, _ = _fetch(live_server.url, "wjw.localhost", "/site.css")
    assert status == 200 and "--accent: #6b3fa0;" in css
    # The department's item asked on the other department's host: sent to the portal.
    status, _, headers = _fetch(live_server.url, "jyj.localhost", health.get_absolute_url())
    port = urlsplit(live_server.url).port
    assert status == 302
    assert headers["Location"] == f"http://127.0.0.1:{port}{health.get_absolute_url()}"
