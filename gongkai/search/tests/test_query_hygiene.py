"""Queries that hold no words (issue 13 point 21): markup and lone digits find nothing, instead of
every document containing a "1"; the database fallback says when it may be incomplete."""

from __future__ import annotations

import pytest

from gongkai.search import analysis, database
from gongkai.search.handler import search_backends
from gongkai.search.selectors import search_items


@pytest.fixture
def numbered(publish_item):
    return [
        publish_item(title=f"第{n}号公告", body=f"<p>2024年1月{n}日起施行，共1项。</p>")
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    "query", ['"<script>alert(1)</script>', "<script>alert(1)</script>", "1", "(1)", "1.", "a"]
)
def test_markup_and_lone_digits_find_nothing(search_backend, numbered, query):
    page = search_items(query)
    assert page.total == 0 and page.results == []
    assert page.query.empty


def test_markup_is_stripped_and_a_lone_digit_does_not_carry_the_or_fallback(
    search_backend, numbered
):
    pq = analysis.parse_query("<b>alert</b>(1)")
    assert pq.text == "alert (1)" and "<" not in pq.text
    page = search_items("alert(1)")
    assert page.total == 0  # alert AND 1: nothing; OR over "alert" alone: nothing


def test_numbers_of_two_digits_or_more_are_still_found_exactly(search_backend, numbered):
    assert search_items("2024").total == 3
    assert search_items("第2号公告").results[0].item == numbered[1]


def test_the_results_page_says_why_nothing_was_searched(client, search_backend, numbered):
    html = client.get("/search/", {"q": '"<script>alert(1)</script>'}).content.decode()
    assert "没有可以检索的文字" in html and "<script>alert" not in html
    assert "共找到" not in html


def test_the_fallback_says_when_it_could_not_look_at_everything(
    client, search_backend, numbered, monkeypatch
):
    monkeypatch.setattr(
        search_backends, "reading", lambda alias="default": search_backends.fallback()
    )
    page = search_items("公告")
    assert page.from_database and not page.incomplete and page.total == 3
    html = client.get("/search/", {"q": "公告"}).content.decode()
    assert "本次结果由数据库直接查找" in html and "结果可能不完整" not in html
    monkeypatch.setattr(database, "MAX_CANDIDATES", 2)
    page = search_items("公告")
    assert page.from_database and page.incomplete
    html = client.get("/search/", {"q": "公告"}).content.decode()
    assert 'id="fallback-notice"' in html and "结果可能不完整" in html
