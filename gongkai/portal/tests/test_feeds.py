"""RSS/Atom feeds per column and organ, and sitemap.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.urls import reverse

from gongkai.catalog.models import Column

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, not untrusted input


def test_column_and_organ_feeds_parse_and_contain_item(client, make_item, organ) -> None:
    item = make_item(title="订阅测试通知", summary="订阅摘要")
    draft = make_item(title="订阅测试草稿", publish=False)
    column = Column.objects.get(organ=organ, code="policy")
    for name, arg in (("column_rss", column.pk), ("organ_rss", organ.pk)):
        response = client.get(reverse(f"portal:{name}", args=[arg]))
        assert response["Content-Type"].startswith("application/rss+xml")
        root = parse(response.content)
        assert root.tag == "rss" and root.get("version") == "2.0"
        entries = root.findall("./channel/item")
        assert [e.findtext("title") for e in entries] == [item.title]
        assert entries[0].findtext("link") == f"http://testserver{item.get_absolute_url()}"
        assert entries[0].findtext("description") == "订阅摘要"
        assert draft.title not in response.content.decode()
    for name, arg in (("column_atom", column.pk), ("organ_atom", organ.pk)):
        response = client.get(reverse(f"portal:{name}", args=[arg]))
        assert response["Content-Type"].startswith("application/atom+xml")
        root = parse(response.content)
        assert root.tag == f"{ATOM}feed"
        titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert titles == [item.title]


def test_column_feed_includes_subcolumns(client, make_item, organ) -> None:
    item = make_item(column="art20-05", title="行政许可事项公告")
    statutory = Column.objects.get(organ=organ, code="statutory")
    response = client.get(reverse("portal:column_rss", args=[statutory.pk]))
    assert item.title in response.content.decode()


def test_feed_of_unknown_column_is_404(client, db) -> None:
    assert client.get(reverse("portal:column_rss", args=[999999])).status_code == 404
    assert client.get(reverse("portal:organ_atom", args=[999999])).status_code == 404


def test_traditional_feed(client, make_item, organ) -> None:
    make_item(title="关于政务公开工作的通知")
    url = reverse("portal:organ_rss", args=[organ.pk])
    text = client.get(url, {"script": "hant"}).content.decode()
    parse(text.encode())
    assert "關於政務公開工作的通知" in text
    client.cookies["gk_script"] = "hant"
    assert "政務公開" in client.get(url).content.decode()


def test_sitemap_lists_items_organs_columns_and_guides(client, make_item, organ, withdraw) -> None:
    item = make_item()
    gone = withdraw(make_item(title="撤回的"), "错误")
    draft = make_item(publish=False)
    response = client.get(reverse("portal:sitemap"))
    assert response.status_code == 200
    root = parse(response.content)
    locs = {e.text for e in root.iter(f"{SITEMAP}loc")}
    base = "http://testserver"
    assert base + item.get_absolute_url() in locs
    assert base + gone.get_absolute_url() not in locs
    assert base + draft.get_absolute_url() not in locs
    assert base + reverse("portal:organ", args=[organ.pk]) in locs
    assert base + reverse("portal:guide", args=[organ.pk]) in locs
    column = Column.objects.get(organ=organ, code="policy")
    assert base + column.get_absolute_url() in locs
