"""Issue 20 §4 in a real browser: a department's 采编 enters its staff, budget and training
figures (a budget with three decimals is refused in Chinese first), the county's 公开办 sees the
subtree's totals with the organ that has not reported, and downloads the XLSX."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def test_enter_figures_and_see_the_subtree(
    live_server: Any,
    browser: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from gongkai.orgs.models import Organ
    from gongkai.workforce.models import WorkforceFigures

    county = make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("岚山县人力资源和社会保障局", parent=county)
    make_organ("岚山县教育局", parent=county)
    make_user("wfw-editor", organ=dept, roles=("editor",))
    make_user("wfw-office", organ=county, roles=("organ_admin",))
    base = live_server.url

    editor = staff_page(browser, base, "wfw-editor", accept_downloads=True)
    editor.goto(f"{base}/office/workforce/?year=2025")
    editor.get_by_role("link", name="人员经费培训").first.click()
    row = editor.locator("#figures tbody tr", has_text="岚山县人力资源和社会保障局")
    row.get_by_role("link", name="填报").click()
    for label, value in (
        ("政府信息公开工作专职人员数（人）", "2"),
        ("政府信息公开工作兼职人员数（人）", "4"),
        ("政府信息公开工作专项经费（万元）", "8.125"),
        ("召开政府信息公开工作会议或专题会议数（次）", "3"),
        ("举办各类培训班数（次）", "1"),
        ("接受培训人员数（人次）", "45"),
    ):
        editor.get_by_label(label, exact=True).fill(value)
    for label, source in (
        ("政府信息公开工作专职人员数的来源", "岚人社〔2024〕3号"),
        ("政府信息公开工作兼职人员数的来源", "分工通知"),
        ("政府信息公开工作专项经费的来源", "2025年部门预算批复"),
        ("召开政府信息公开工作会议或专题会议数的来源", "会议纪要"),
        ("举办各类培训班数的来源", "培训通知"),
        ("接受培训人员数的来源", "签到表"),
    ):
        editor.get_by_label(label, exact=True).fill(source)
    editor.get_by_role("button", name="保存").click()
    expect(editor.get_by_text("最多保留两位小数")).to_be_visible()
    assert not WorkforceFigures.objects.exists()
    editor.get_by_label("政府信息公开工作专项经费（万元）", exact=True).fill("8.12")
    editor.get_by_role("button", name="保存").click()
    expect(editor.get_by_text("已保存岚山县人力资源和社会保障局2025年")).to_be_visible()
    assert WorkforceFigures.objects.get(organ=dept, year=2025).budget == Decimal("8.12")

    office = staff_page(browser, base, "wfw-office", accept_downloads=True)
    office.goto(f"{base}/office/workforce/?year=2025")
    expect(office.locator("#reported-count")).to_contain_text("已填报1个")
    expect(office.locator("#missing")).to_contain_text("岚山县教育局")
    expect(office.locator("#missing")).to_contain_text("岚山县人民政府")
    with office.expect_download() as caught:
        office.get_by_role("link", name="导出 XLSX").click()
    book = load_workbook(BytesIO(caught.value.path().read_bytes()))
    rows = [[c.value for c in row] for row in book["人员经费培训"].iter_rows()]
    assert any(str(r[0]).strip("　") == "岚山县人力资源和社会保障局" and r[1] == 2 for r in rows)
