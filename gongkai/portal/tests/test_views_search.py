"""The portal search page, JSON and suggestions: works without JS, never a 500 on bad input."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse


@pytest.fixture
def items(make_item, django_capture_on_commit_callbacks):
    # Publication indexes on commit: run those callbacks inline.
    with django_capture_on_commit_callbacks(execute=True):
        return [
            make_item(
                title="关于调整城乡居民最低生活保障标准的通知",
                doc_number="益政办函〔2018〕29号",
                body="<p>城乡低保标准提高到每人每月650元。</p>",
            ),
            make_item(title="关于做好就业补贴申领工作的通知"),
        ]


def test_doc_number_with_square_brackets_finds_the_item_first(client, search_backend, items):
    response = client.get(reverse("portal:search"), {"q": "益政办函[2018]29号"})
    assert response.status_code == 200
    html = response.content.decode()
    first = html.index('class="search-results"')
    assert (
        html.index(items[0].title, first) < html.find(items[1].title, first)
        or items[1].title not in html[first:]
    )
    assert "文号/索引号匹配" in html


def test_page_is_accessible_and_highlights(client, search_backend, items):
    html = client.get(reverse("portal:search"), {"q": "低保标准"}).content.decode()
    assert 'role="search"' in html and '<label for="sq">' in html
    assert "<mark>" in html and "650元" in html
    assert 'value="低保标准"' in html  # what was typed is kept


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "就业" * 500,
        '"',
        ":",
        "(",
        "*",
        "~",
        "^",
        '就业 "补贴',
        "😀",
        "\x00\x07",
        "a:b (c*) ~d^2",
    ],
)
def test_bad_queries_never_fail(client, search_backend, items, q):
    response = client.get(reverse("portal:search"), {"q": q})
    assert response.status_code == 200
    assert client.get(reverse("portal:search_json"), {"q": q}).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1e9"])
def test_bad_page_numbers(client, search_backend, items, page):
    response = client.get(reverse("portal:search"), {"q": "通知", "page": page})
    assert response.status_code == 200
    assert "共找到 2 条" in response.content.decode()


def test_a_page_number_past_an_empty_result_is_page_one(client, search_backend, items):
    data = json.loads(
        client.get(reverse("portal:search_json"), {"q": "不存在的词汇组合", "page": "40"}).content
    )
    assert (data["total"], data["page"], data["num_pages"]) == (0, 1, 0)


def test_long_query_gets_a_notice(client, search_backend, items):
    html = client.get(reverse("portal:search"), {"q": "就业" * 500}).content.decode()
    assert "检索词过长" in html


def test_traditional_page_and_query(client, search_backend, items):
    client.cookies["gk_script"] = "hant"
    html = client.get(reverse("portal:search"), {"q": "最低生活保障標準"}).content.decode()
    assert "關於調整城鄉居民" in html and "<mark>標準</mark>" in html  # 繁體 page, item found


def test_json_endpoint_and_suggestions(client, search_backend, items):
    data = json.loads(
        client.get(reverse("portal:search_json"), {"q": "益政办函[2018]29号"}).content
    )
    assert data["results"][0]["id"] == items[0].pk and data["results"][0]["exact"]
    data = json.loads(client.get(reverse("portal:search_suggest"), {"q": "就业补"}).content)
    assert data["suggestions"][0]["title"] == items[1].title


def test_filter_and_facet_links_work_without_js(client, search_backend, items, organ):
    html = client.get(reverse("portal:search"), {"q": "通知", "organ": organ.pk}).content.decode()
    assert "共找到 2 条" in html and f"organ={organ.pk}" in html
    html = client.get(
        reverse("portal:search"), {"q": "通知", "validity": "repealed"}
    ).content.decode()
    assert "共找到 0 条" in html and "没有找到" in html


def test_column_choice_appears_once_an_organ_is_chosen(client, search_backend, items, organ):
    from gongkai.catalog.models import Column

    html = client.get(reverse("portal:search"), {"q": "通知"}).content.decode()
    assert 'id="s-column"' not in html
    policy = Column.objects.get(organ=organ, code="policy")
    guide = Column.objects.get(organ=organ, code="guide")
    html = client.get(
        reverse("portal:search"), {"q": "通知", "organ": organ.pk, "column": policy.pk}
    ).content.decode()
    assert 'id="s-column"' in html and f'<option value="{policy.pk}" selected>' in html
    assert "共找到 2 条" in html
    html = client.get(
        reverse("portal:search"), {"q": "通知", "organ": organ.pk, "column": guide.pk}
    ).content.decode()
    assert "共找到 0 条" in html
