"""Body HTML sanitising: scripts, handlers and javascript: URLs go; document structure stays."""

from __future__ import annotations

import pytest

from gongkai.catalog.sanitize import sanitize_body


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ("<p>正文<script>alert(1)</script></p>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<p onclick="steal()">正文</p>', "onclick"),
        ('<a href="javascript:alert(1)">链接</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">链接</a>', "alert"),
        ('<img src="data:image/png;base64,AAAA">', "data:"),
        ('<svg onload="alert(1)"></svg>', "onload"),
        ('<iframe src="https://evil.example/"></iframe>', "iframe"),
        ("<style>p { display: none }</style><p>正文</p>", "display"),
        ('<p style="background:url(javascript:alert(1))">正文</p>', "style"),
        ("<form><input name=x></form>", "<input"),
        ("<!-- 内部意见：暂缓 --><p>正文</p>", "内部意见"),
    ],
)
def test_active_content_is_removed(dirty: str, gone: str) -> None:
    clean = sanitize_body(dirty)
    assert gone.lower() not in clean.lower()


def test_tables_keep_their_structure_and_spans() -> None:
    html = (
        "<table><caption>表1 补贴标准</caption>"
        '<thead><tr><th scope="col" colspan="2">项目</th></tr></thead>'
        '<tbody><tr><td rowspan="2">一类</td><td>650元</td></tr></tbody>'
        "<tfoot><tr><td>合计</td></tr></tfoot></table>"
    )
    assert sanitize_body(html) == html


def test_headings_lists_and_alignment_are_kept() -> None:
    html = (
        "<h2>一、总则</h2><h3>（一）适用范围</h3><h4>1.</h4><h5>（1）</h5>"
        '<p align="center"><strong>通知</strong></p><ol><li>第一条</li></ol>'
        "<ul><li>附件</li></ul><blockquote>引文</blockquote><hr>"
    )
    assert sanitize_body(html) == html


def test_page_title_level_headings_and_classes_are_dropped_text_kept() -> None:
    # h1 is the page's own title; a pasted one would be a second.
    assert sanitize_body('<h1>标题</h1><p class="MsoNormal">正文</p>') == "标题<p>正文</p>"


def test_links_keep_safe_urls_and_get_noopener() -> None:
    clean = sanitize_body(
        '<a href="https://www.gov.cn/" target="_blank">国务院</a><a href="mailto:a@b.cn">信箱</a>'
    )
    assert 'href="https://www.gov.cn/"' in clean and 'href="mailto:a@b.cn"' in clean
    assert clean.count('rel="noopener noreferrer"') == 2


def test_escaped_text_stays_text_and_empty_is_empty() -> None:
    assert sanitize_body("<p>a&lt;script&gt;</p>") == "<p>a&lt;script&gt;</p>"
    assert sanitize_body("") == ""


def test_body_scripts_and_handlers_removed(make_draft) -> None:
    item = make_draft(
        body='<p onclick="steal()">正文<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">链接</a><img src="x.png" onerror="alert(3)">'
    )
    assert "script" not in item.body
    assert "onclick" not in item.body and "onerror" not in item.body
    assert "javascript:" not in item.body
    assert "正文" in item.body
