"""Browse: combinable filters (organ subtree, column, topic, genre, year), paging, junk input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Column, Genre, Topic


def _titles(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('id="results-title"')[1].split("<aside")[0]


@pytest.fixture
def catalog(make_item, make_organ, organ):
    child = make_organ("测试市人社局就业服务中心", parent=organ)
    other = make_organ("测试市财政局")
    labour = Topic.objects.get(name="劳动就业")
    social = Topic.objects.get(name="社会保障")
    finance = Topic.objects.get(name="财政")
    notice = Genre.objects.get(name="通知")
    opinion = Genre.objects.get(name="意见")
    return {
        "child": child,
        "other": other,
        "labour": labour,
        "a": make_item(title="甲就业通知", topic=labour, genre=notice),
        "b": make_item(title="乙社保意见", topic=social, genre=opinion, column="art20-11"),
        "c": make_item(in_organ=child, title="丙中心通知", topic=labour, genre=notice),
        "d": make_item(in_organ=other, title="丁财政通知", topic=finance, genre=notice),
    }


def test_filter_by_organ_includes_subtree(client, catalog, organ) -> None:
    html = _titles(client.get(reverse("portal:browse"), {"organ": organ.pk}))
    assert "甲就业通知" in html and "丙中心通知" in html and "丁财政通知" not in html
    html = _titles(client.get(reverse("portal:browse"), {"organ": catalog["child"].pk}))
    assert "丙中心通知" in html and "甲就业通知" not in html


def test_filter_by_column_includes_subcolumns(client, catalog, organ) -> None:
    statutory = Column.objects.get(organ=organ, code="statutory")
    html = _titles(client.get(reverse("portal:browse"), {"column": statutory.pk}))
    assert "乙社保意见" in html and "甲就业通知" not in html


def test_filter_by_topic_level_one_and_two(client, catalog) -> None:
    html = _titles(client.get(reverse("portal:browse"), {"topic": catalog["labour"].pk}))
    assert "甲就业通知" in html and "丙中心通知" in html and "乙社保意见" not in html
    parent = catalog["labour"].parent
    html = _titles(client.get(reverse("portal:browse"), {"topic": parent.pk}))
    assert "甲就业通知" in html and "乙社保意见" in html and "丁财政通知" not in html


def test_filters_combine(client, catalog, organ) -> None:
    notice = Genre.objects.get(name="通知")
    year = timezone.localdate().year
    params = {"organ": organ.pk, "genre": notice.pk, "year": year, "topic": catalog["labour"].pk}
    html = _titles(client.get(reverse("portal:browse"), params))
    assert "甲就业通知" in html and "丙中心通知" in html
    assert "乙社保意见" not in html and "丁财政通知" not in html
    html = _titles(client.get(reverse("portal:browse"), {**params, "year": year - 1}))
    assert "甲就业通知" not in html and "没有符合条件的公开信息" in html


def test_kind_area_and_title_search(client, catalog, make_item) -> None:
    make_item(column="key-budget", title="部门预算公开")
    html = _titles(client.get(reverse("portal:browse"), {"area": "key-budget"}))
    assert "部门预算公开" in html and "甲就业通知" not in html
    html = _titles(client.get(reverse("portal:browse"), {"kind": "statutory"}))
    assert "乙社保意见" in html and "甲就业通知" not in html
    html = _titles(client.get(reverse("portal:browse"), {"q": "就業"}))  # typed in 繁體
    assert "甲就业通知" in html and "丁财政通知" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"organ": "abc", "topic": "-1", "genre": "1e9", "year": "twenty", "column": "9999999"},
        {"organ": "99999999999999999999", "year": "99999", "kind": "nope", "area": "<script>"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "0"},
        {"organ": ["1", "x"], "q": "x" * 500},
        {"q": "\x00%"},
        {"area": "key\x00budget", "kind": "\x00"},
    ],
)
def test_junk_values_are_ignored(client, catalog, params) -> None:
    html = _titles(client.get(reverse("portal:browse"), params))
    if "q" not in params:
        assert "甲就业通知" in html and "丁财政通知" in html


def test_pagination_and_out_of_range_page(client, make_item) -> None:
    for n in range(25):
        make_item(title=f"分页测试{n:02d}")
    url = reverse("portal:browse")
    first = _titles(client.get(url))
    assert "共找到 25 条" in first and "第 1 / 2 页" in first
    assert first.count('<li>\n  <a href="/item/') == 20
    last = _titles(client.get(url, {"page": 2}))
    assert last.count('<li>\n  <a href="/item/') == 5
    assert _titles(client.get(url, {"page": 99})) == last
    assert "分页测试00" in last  # oldest last


def test_pagination_links_keep_filters(client, make_item, organ) -> None:
    for n in range(21):
        make_item(title=f"保留条件{n}")
    html = client.get(reverse("portal:browse"), {"organ": organ.pk}).content.decode()
    assert f"?organ={organ.pk}&amp;page=2" in html


def test_browse_query_count_does_not_grow(
    client, make_item, make_organ, django_assert_max_num_queries
) -> None:
    topic = Topic.objects.get(name="劳动就业")
    genre = Genre.objects.get(name="通知")
    for n in range(30):
        make_item(title=f"查询数{n}", topic=topic, genre=genre)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:browse"))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("portal:browse"), {"page": 2, "topic": topic.parent_id})
    col = Column.objects.get(organ__items__title="查询数0", code="policy")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:column", args=[col.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:home")).status_code == 200
