"""The site about itself (issue 13 point 18): its name in header and title, the HTML 网站地图,
robots.txt, the favicon, the site-wide feed, 繁體 in a standard readers use (point 19), and the
example 文号 of the search box taken from the site's own documents (point 21)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.urls import reverse

from gongkai.portal.tests.test_feeds import parse

NAME = "岚川市人民政府信息公开平台"


def test_the_header_and_every_title_name_the_site(client, settings: Any, organ) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "SITE_NAME": NAME}
    for url in (
        reverse("portal:home"),
        reverse("portal:organs"),
        reverse("portal:policies"),
        reverse("portal:sitemap_page"),
        reverse("apply:index"),
        reverse("report_check:check"),
    ):
        html = client.get(url).content.decode()
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert NAME in title, url
        assert f'<a class="site-name" href="{reverse("portal:home")}">{NAME}</a>' in html, url


def test_the_html_sitemap_lists_the_site_and_every_organ(client, organ, make_organ) -> None:
    child = make_organ("测试市人社局就业服务中心", parent=organ)
    response = client.get(reverse("portal:sitemap_page"))
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>网站地图</h1>" in html
    for name in ("portal:organs", "portal:browse", "portal:policies", "portal:search"):
        assert f'href="{reverse(name)}"' in html, name
    for name in ("apply:index", "apply:status", "report_check:check", "portal:sitemap"):
        assert f'href="{reverse(name)}"' in html, name
    for o in (organ, child):
        assert f'href="{reverse("portal:organ", args=[o.pk])}"' in html
        assert f'href="{reverse("portal:guide", args=[o.pk])}"' in html
    # Every page's footer leads to it (the XML sitemap is for crawlers).
    footer = client.get(reverse("portal:home")).content.decode().split("<footer", 1)[1]
    assert f'href="{reverse("portal:sitemap_page")}">网站地图</a>' in footer


def test_robots_txt(client, db) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Disallow: /office/" in lines and "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)


def test_favicon(client, db) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")
    static = Path(django_settings.BASE_DIR) / "static"
    assert (static / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "<svg" in (static / "favicon.svg").read_text(encoding="utf-8")
    html = client.get(reverse("portal:home")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html


def test_the_home_page_links_the_site_wide_feed(client, make_item, make_organ) -> None:
    other = make_organ("测试市财政局")
    mine = make_item(title="人社局的通知")
    theirs = make_item(in_organ=other, title="财政局的通知")
    html = client.get(reverse("portal:home")).content.decode()
    head = html.split("</head>", 1)[0]
    rss, atom = reverse("portal:site_rss"), reverse("portal:site_atom")
    assert '<link rel="alternate" type="application/rss+xml"' in head and rss in head
    assert atom in head
    body = html.split("</head>", 1)[1]
    assert f'href="{rss}"' in body and f'href="{atom}"' in body  # visible too
    feed = client.get(rss)
    assert feed.status_code == 200
    titles = [t.text for t in parse(feed.content).iter("title")]
    assert mine.title in titles and theirs.title in titles
    assert client.get(atom).status_code == 200


def test_traditional_pages_use_a_standard_readers_know(client, make_item) -> None:
    item = make_item(
        title="关于为群众办理里程碑事项的通知", body="<p>为人民服务，到群众里面去。</p>"
    )
    client.cookies["gk_script"] = "hant"
    html = client.get(item.get_absolute_url()).content.decode()
    assert "為群眾" in html and "裡面" in html
    assert not set("爲羣裏") & set(html)


def test_the_search_box_example_is_one_of_the_sites_own_doc_numbers(client, make_item) -> None:
    html = client.get(reverse("portal:search")).content.decode()
    assert "益政办函" not in html and "文号可按常见写法输入" in html  # no documents yet
    make_item(title="关于印发实施办法的通知", doc_number="测人社发〔2025〕17号")
    html = client.get(reverse("portal:search")).content.decode()
    assert 'placeholder="例如：就业补贴、测人社发〔2025〕17号"' in html
    assert "测人社发[2025]17号" in html and "17号文" in html
    home = client.get(reverse("portal:home")).content.decode()
    assert "测人社发〔2025〕17号" in home and "益政办函" not in home
