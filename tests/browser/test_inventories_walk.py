"""Issue 19 §3 in a real browser: an editor drafts a 权责清单 and fills an entry (an entry
without its 依据 is refused), the leader publishes it, a second version without a change log
is refused and then published with one; the portal shows the current version and the history
with its change list; a 办事指南 without 咨询电话 carries the 服务不实用 flag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def _add_entry(office: Any, name: str, basis: str) -> None:
    office.get_by_role("link", name="添加事项").click()
    office.get_by_label("事项名称").fill(name)
    office.get_by_label("事项类型").select_option("行政许可")
    office.get_by_label("实施依据").fill(basis)
    office.get_by_role("button", name="保存").click()
    office.wait_for_load_state()


def test_draft_publish_revise_and_show(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from playwright.sync_api import expect

    from gongkai.orgs.models import Organ

    county = make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("岚山县市场监督管理局", parent=county)
    make_user("iw-editor", organ=dept, roles=("editor",))
    make_user("iw-leader", organ=dept, roles=("approver",))
    base = live_server.url

    office = staff_page(browser, base, "iw-editor")
    office.goto(f"{base}/office/inventories/organs/{dept.pk}/powers/")
    office.get_by_role("button", name="新建第1版草稿").click()
    office.wait_for_load_state()
    _add_entry(office, "食品经营许可", "")
    expect(office.get_by_text("请填写实施依据")).to_be_visible()
    office.get_by_label("实施依据").fill("《中华人民共和国食品安全法》第三十五条")
    office.get_by_role("button", name="保存").click()
    office.wait_for_load_state()
    expect(office.locator("#entries")).to_contain_text("食品经营许可")

    lead = staff_page(browser, base, "iw-leader")
    lead.goto(office.url)
    lead.get_by_role("button", name="发布第1版").click()
    lead.wait_for_load_state()
    expect(lead.get_by_text("已发布第1版。")).to_be_visible()

    office.goto(f"{base}/office/inventories/organs/{dept.pk}/powers/")
    office.get_by_role("button", name="复制为新草稿（第2版）").click()
    office.wait_for_load_state()
    _add_entry(office, "特种设备使用登记", "《中华人民共和国特种设备安全法》第三十三条")
    lead.goto(office.url)
    lead.get_by_role("button", name="发布第2版").click()
    lead.wait_for_load_state()
    expect(lead.get_by_text("请填写修订说明")).to_be_visible()
    lead.get_by_label("修订说明").fill("增加特种设备使用登记。")
    lead.get_by_role("button", name="发布第2版").click()
    lead.wait_for_load_state()
    expect(lead.get_by_text("已发布第2版。")).to_be_visible()

    page.goto(f"{base}/inventories/organs/{dept.pk}/powers/")
    expect(page.locator("#entries")).to_contain_text("特种设备使用登记")
    page.get_by_role("link", name="版本历史").first.click()
    expect(page.locator("#versions")).to_contain_text("新增：特种设备使用登记")
    expect(page.locator("#versions")).to_contain_text("增加特种设备使用登记。")
    saved = shot("history")

    office.goto(f"{base}/office/inventories/organs/{dept.pk}/guides/new/")
    office.get_by_label("事项名称").fill("特种设备使用登记")
    office.get_by_label("设定依据").fill("《中华人民共和国特种设备安全法》第三十三条")
    office.get_by_role("button", name="保存").click()
    office.wait_for_load_state()
    expect(office.locator("#guide-flag")).to_contain_text("服务不实用")
    expect(office.locator("#guide-flag")).to_contain_text("咨询电话")
    office.screenshot(path=str(saved.with_name(saved.stem + "-office-guide.png")), full_page=True)
    office.goto(f"{base}/office/inventories/organs/{dept.pk}/")
    expect(office.locator("#guides")).to_contain_text("服务不实用：缺少")
