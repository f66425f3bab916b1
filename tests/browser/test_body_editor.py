"""The 正文 editor in a real browser: formatting from the toolbar, pasting from Word, the
HTML source view, and what reaches the database (the server still sanitises it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.staff import sign_in

pytestmark = pytest.mark.browser

WORD_PASTE = (
    "<html><head><style>p.MsoNormal{font-family:仿宋}</style></head><body>"
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    "<h1 class=MsoTitle>粘贴的标题</h1>"
    '<p class=MsoNormal style="font-family:仿宋_GB2312"><span style="color:red">粘贴的段落'
    "</span><o:p></o:p></p><script>window.pwned = 1</script>"
    '<p><a href="javascript:window.pwned=2">坏链接</a> <a href="https://www.gov.cn/">好链接</a></p>'
    '<img src="javascript:window.pwned=3" onerror="window.pwned=4"><img src="/m/x.png" alt="图">'
    '<table style="width:100%"><tr><td style="border:1px" colspan="2">单元格</td></tr></table>'
    "</body></html>"
)


def test_body_editor_formats_pastes_and_saves(
    live_server: Any, page: Any, shot: Any, staff: dict, organ: Any
) -> None:
    from gongkai.catalog.models import Item

    base = live_server.url
    sign_in(page, base, staff["editor"].username)
    page.goto(f"{base}/office/items/new/")
    page.get_by_label("目录栏目").select_option(label="政策文件")
    page.get_by_label("标题").fill("关于做好就业补贴申领工作的通知")
    page.get_by_label("形成/变更日期").fill("2026-03-02")

    # The editor replaces the source textarea and carries its label.
    editor = page.get_by_role("textbox", name="正文", exact=True)
    assert editor.get_attribute("contenteditable") == "true"
    assert page.locator("textarea#id_body").is_hidden()
    toolbar = page.get_by_role("toolbar", name="正文格式")

    editor.click()
    page.keyboard.type("一、补贴对象")
    toolbar.get_by_role("button", name="二级标题").click()
    assert toolbar.get_by_role("button", name="二级标题").get_attribute("aria-pressed") == "true"
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="正文段落").click()
    page.keyboard.type("符合条件的")
    bold = toolbar.get_by_role("button", name="加粗")
    bold.click()
    page.keyboard.type("高校毕业生")
    assert bold.get_attribute("aria-pressed") == "true"
    bold.click()
    page.keyboard.type("可以申请。")

    # Keyboard only: select a line, Shift+Tab back to the toolbar, press a button; the
    # selection made in the editor is the one formatted.
    page.keyboard.press("Enter")
    page.keyboard.type("键盘操作")
    page.keyboard.press("Shift+Home")
    for _ in range(6):  # HTML 源码, 清除格式, 插入链接, 项目列表, 编号列表, 倾斜
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "倾斜"
    page.keyboard.press("Enter")
    assert "<i>键盘操作</i>" in editor.inner_html()
    editor.click()
    page.keyboard.press("Control+End")

    # Pasting from Word keeps the structure, loses styles, scripts and unsafe links.
    page.evaluate(
        """(html) => {
          const dt = new DataTransfer();
          dt.setData("text/html", html);
          dt.setData("text/plain", "粘贴的段落");
          document.querySelector("#id_body-editor").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
        }""",
        WORD_PASTE,
    )
    html = editor.inner_html()
    assert "<h2>粘贴的标题</h2>" in html and "粘贴的段落" in html and "单元格" in html
    assert 'colspan="2"' in html and "<a>" not in html and "坏链接" in html
    assert '<img src="/m/x.png" alt="图">' in html and "onerror" not in html
    for bad in ("MsoNormal", "style=", "script", "javascript:", "<span", "o:p", "<h1"):
        assert bad not in html, bad
    assert page.evaluate("window.pwned") is None
    shot("1-editor")

    # The HTML source view shows what will be saved and takes edits back.
    source = toolbar.get_by_role("button", name="HTML 源码")
    source.click()
    assert source.get_attribute("aria-pressed") == "true"
    textarea = page.locator("textarea#id_body")
    # (the textarea now is the visible textbox named 正文; the editor is hidden)
    assert textarea.is_visible() and page.locator("#id_body-editor").is_hidden()
    assert "<h2>一、补贴对象</h2>" in textarea.input_value()
    assert toolbar.get_by_role("button", name="加粗").is_disabled()
    textarea.fill(textarea.input_value() + "<p>源码中加的段落</p>")
    source.click()
    assert editor.is_visible() and "源码中加的段落" in editor.inner_text()

    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    item = Item.objects.get(title="关于做好就业补贴申领工作的通知")
    assert "<h2>一、补贴对象</h2>" in item.body
    assert "<b>高校毕业生</b>" in item.body
    assert '<a href="https://www.gov.cn/" rel="noopener noreferrer">好链接</a>' in item.body
    assert "<i>键盘操作</i>" in item.body
    assert "源码中加的段落" in item.body and "坏链接" in item.body
    assert "javascript" not in item.body and "style" not in item.body

    # Editing the draft opens the saved body in the editor.
    page.goto(f"{base}/office/items/{item.pk}/edit/")
    reopened = page.get_by_role("textbox", name="正文", exact=True)
    assert "<h2>一、补贴对象</h2>" in reopened.inner_html()

    # In 繁體 the editor's own words are converted with the rest of the page.
    page.get_by_role("button", name="繁體版").click()
    page.wait_for_load_state()
    page.goto(f"{base}/office/items/{item.pk}/edit/")
    toolbar = page.get_by_role("toolbar", name="正文格式")
    assert toolbar.get_by_role("button", name="二級標題").is_visible()
    assert toolbar.get_by_role("button", name="HTML 源碼").is_visible()
