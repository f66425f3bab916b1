"""The 信息公开表头 of each common layout is read; a page without one gives what can be read."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.legacy.header import read_page
from gongkai.legacy.rules import is_calendar_url, label_key, parse_date, validity_of
from gongkai.legacy.tests.sites import LAYOUTS, Article, default_articles

EXPECTED = {
    "index_no": "11330100MB0000001X/2024-00011",
    "organ": "岚山县人力资源和社会保障局",
    "written_on": "2024-03-01",
    "published_on": "2024年3月5日",
    "doc_number": "岚人社发〔2024〕3号",
    "topic": "综合政务\\政务公开",
    "validity": "有效",
    "title": "岚山县就业补贴申领办法",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_header_is_read(layout: str) -> None:
    render, path_of = LAYOUTS[layout]
    article = default_articles()[0]
    doc = read_page(render(article), f"http://old.example.gov.cn/{path_of(article)}")
    assert doc.header == EXPECTED
    assert doc.title == "岚山县就业补贴申领办法"
    assert "现将有关事项通知如下" in doc.body_text
    assert [a.name for a in doc.attachments] == ["P020240305.pdf"]
    assert doc.attachments[0].href.endswith("/P020240305.pdf")
    assert doc.is_information


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_page_without_header_gives_title_and_body(layout: str) -> None:
    render, _ = LAYOUTS[layout]
    doc = read_page(render(Article(9, "工作动态", header=False)), "http://old.example.gov.cn/a")
    assert doc.header == {}
    assert doc.title == "工作动态"
    assert doc.is_information and not doc.has_header


def test_list_page_is_not_information() -> None:
    doc = read_page(
        "<html><body><ul><li><a href='/a.html'>一</a></li></ul></body></html>", "http://x/"
    )
    assert not doc.is_information


def test_list_in_article_container_is_not_information() -> None:
    items = "".join(
        f"<li><a href='/art_{n}.html'>第{n}条通知标题</a> 2024-01-0{n}</li>" for n in range(1, 8)
    )
    doc = read_page(
        f"<html><body><div class='content'><ul>{items}</ul></div></body></html>", "http://x/"
    )
    assert doc.body_text and not doc.is_information


def test_inline_label_value_items() -> None:
    html = "<body><ul><li>索 引 号：A-1</li><li>发布时间：2023/7/9 10:00</li></ul></body>"
    assert read_page(html, "http://x/").header == {
        "index_no": "A-1",
        "published_on": "2023/7/9 10:00",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024/3/5 10:20", date(2024, 3, 5)),
        ("2024.03.05", date(2024, 3, 5)),
        ("2024年13月40日", None),
        ("不详", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有效", "valid"),
        ("已废止", "repealed"),
        ("失效", "expired"),
        ("已修订", "amended"),
        ("待定", None),
    ],
)
def test_validity(text: str, expected: str | None) -> None:
    assert validity_of(text) == expected


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("索 引 号：", "index_no"),
        ("生成日期", "written_on"),
        ("发文字号:", "doc_number"),
        ("正文", None),
    ],
)
def test_label_aliases(label: str, key: str | None) -> None:
    assert label_key(label) == key


@pytest.mark.parametrize(
    ("url", "calendar"),
    [
        ("http://x/cal?date=2024-05-01", True),
        ("http://x/list?y=2024&m=5", True),
        ("http://x/rili/2024/05.html", True),
        ("http://x/search?q=20240501", False),
        ("http://x/art/2024/3/5/art_1229_1.html", False),
        ("http://x/show.jsp?id=123", False),
    ],
)
def test_calendar_rule(url: str, calendar: bool) -> None:
    assert is_calendar_url(url) is calendar
