"""Issue 2 acceptance walk in a real browser: draft → scanner flags an ID number → 保密审查 →
签发 → the item is on the portal with its 索引号 → the 繁體 switch converts the page."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _login(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-Test-1234")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_editor_to_portal_walk(
    live_server: Any,
    page: Any,
    shot: Any,
    staff: dict,
    organ: Any,
    make_draft: Any,
    publish: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    base = live_server.url
    # A real tantivy index in a temporary directory, filled on commit as in production.
    from gongkai.search.handler import get_backend, reset_backends

    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "tantivy", "OPTIONS": {"PATH": tmp_path / "index"}}
    }
    reset_backends()
    get_backend().clear()
    get_backend().mark_ready(True)

    # 采编 drafts an item whose body carries a resident ID number.
    _login(page, base, staff["editor"].username)
    page.goto(f"{base}/office/items/new/")
    page.get_by_label("目录栏目").select_option(label="政策文件")
    page.get_by_label("标题").fill("关于开展2026年度就业补贴申领工作的通知")
    page.get_by_label("文号").fill("测人社发[2026]7号")
    page.get_by_label("形成/变更日期").fill("2026-03-02")
    page.get_by_role("textbox", name="正文", exact=True).fill(
        "联系人身份证号码11010519491231002X，请及时办理。"
    )
    shot("1-draft-form")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "测人社发〔2026〕7号" in page.content()
    page.get_by_role("button", name="提交保密审查").click()
    page.wait_for_load_state()
    item_url = page.url
    assert "待保密审查" in page.content()

    # 保密审查 sees the finding (masked), acknowledges it and passes the item.
    _login(page, base, staff["secrecy"].username)
    page.goto(item_url)
    body = page.content()
    assert "身份证号码" in body
    assert "11010519491231002X" not in page.locator("#findings, .findings").first.inner_text()
    shot("2-finding")
    page.get_by_role("button", name="确认").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="保密审查通过").click()
    page.wait_for_load_state()
    assert "待签发" in page.content()

    # 签发 publishes; the 索引号 is assigned.
    _login(page, base, staff["approver"].username)
    page.goto(item_url)
    page.get_by_role("button", name="签发并发布").click()
    page.wait_for_load_state()
    index_number = page.locator("#index-number").inner_text().strip()
    assert re.fullmatch(rf"{organ.org_code}/\d{{4}}-00001", index_number)
    shot("3-published")

    # The public page shows the item with its metadata header.
    page.get_by_role("link", name=re.compile("查看公开页面")).click()
    page.wait_for_load_state()
    assert "关于开展2026年度就业补贴申领工作的通知" in page.content()
    assert index_number in page.content()
    assert "发布机构" in page.content()
    shot("4-portal")

    # 繁體 switch: the whole page converts and the choice is remembered.
    page.get_by_role("button", name="繁體").click()
    page.wait_for_load_state()
    html = page.content()
    assert "發佈機構" in html or "發布機構" in html
    assert "關於開展" in html
    page.reload()
    assert "關於開展" in page.content()
    shot("5-traditional")

    # A neighbour with a close title and 文号, so "first" means something.
    publish(
        make_draft(
            title="关于开展2026年度就业补贴申领工作的补充通知", doc_number="测人社发〔2026〕8号"
        )
    )
    # 全文检索: the 文号 typed with [] brackets finds the item first (back in 简体).
    page.get_by_role("button", name="簡體").click()
    page.wait_for_load_state()
    page.goto(f"{base}/search/")
    page.get_by_label(re.compile("^检索词")).fill("测人社发[2026]7号")
    page.get_by_label(re.compile("^检索词")).press("Enter")
    page.wait_for_load_state()
    first = page.locator("ol.search-results > li").first
    assert "关于开展2026年度就业补贴申领工作的通知" in first.inner_text()
    assert page.locator("ol.search-results > li").count() >= 1
    shot("6-search")
    reset_backends()
