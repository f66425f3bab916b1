"""Issue 4 acceptance walk in a real browser: the 公开办 opens last year's report (tables filled
from the platform's data), is refused publication with the rule and cells named, fixes the blank
figures and the unfinished text, submits it; 保密审查 and 签发 publish it with its 索引号."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from gongkai.reports.tests.factories import make_case
from tests.browser.staff import sign_in

pytestmark = pytest.mark.browser

FIGURES = {
    "第二十条第（一）项 规章：本年制发件数": "0",
    "第二十条第（一）项 规章：本年废止件数": "0",
    "第二十条第（一）项 规章：现行有效件数": "0",
    "第二十条第（五）项 行政许可：本年处理决定数量": "126",
    "第二十条第（六）项 行政处罚：本年处理决定数量": "8",
    "第二十条第（六）项 行政强制：本年处理决定数量": "0",
    "第二十条第（八）项 行政事业性收费：本年收费金额（单位：万元）": "0",
}


def test_build_fix_and_publish_annual_report(
    live_server: Any, page: Any, shot: Any, staff: dict, organ: Any
) -> None:
    base = live_server.url
    year = timezone.localdate().year - 1
    make_case(organ, received=date(year, 3, 2), closed=date(year, 3, 20), outcome="granted")
    make_case(organ, received=date(year, 5, 6), closed=date(year, 5, 28), outcome="unable.not_held")
    make_case(organ, received=date(year, 12, 28))

    # The 公开办 opens last year's report: the tables are already filled.
    sign_in(page, base, staff["organ_admin"].username)
    page.goto(f"{base}/office/reports/")
    page.get_by_label("报告年度").fill(str(year))
    page.get_by_role("button", name="打开年度报告").click()
    page.wait_for_load_state()
    report_url = page.url
    assert page.locator('[data-cell="table3.new_received.total"]').inner_text() == "3"
    assert page.locator('[data-cell="table3.carried_forward.total"]').inner_text() == "1"
    assert page.locator("svg[role=img] title").count() >= 2
    shot("1-opened")

    # Publishing is refused, and the refusal names the rule and the blank cells.
    page.get_by_role("button", name="提交发布").click()
    page.wait_for_load_state()
    refusal = page.locator("#refusal").inner_text()
    assert "R7" in refusal and "table2.licensing.decisions" in refusal
    shot("2-refused")

    # Fix: enter the figures the platform cannot know, each with its source.
    for label, value in FIGURES.items():
        page.get_by_label(label, exact=True).fill(value)
        page.get_by_label(f"{label}（数据来源）", exact=True).fill("本机关业务系统年度统计")
    page.get_by_role("button", name="保存人工填报数据").click()
    page.wait_for_load_state()
    assert "人工填报数据已保存" in page.content()
    assert "R7" not in page.locator("#findings").inner_text()

    # Finish the drafted text: every 【】 prompt is replaced by the organ's own words.
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        box = page.get_by_label(heading)
        text = box.input_value()
        box.fill(re.sub(r"【[^】]*】", "", text) + "本机关按要求做好相关工作。")
    assert (
        "新收政府信息公开申请3件"
        in page.get_by_label("三、收到和处理政府信息公开申请情况").input_value()
    )
    page.get_by_role("button", name="保存报告正文").click()
    page.wait_for_load_state()
    while page.get_by_role("button", name="确认此提示").count():
        page.get_by_role("button", name="确认此提示").first.click()
        page.wait_for_load_state()
    assert "0个错误" in page.locator("#findings").inner_text() or "未发现问题" in page.content()
    shot("3-fixed")

    page.get_by_role("button", name="提交发布").click()
    page.wait_for_load_state()
    assert "已提交发布" in page.locator("#report-status").inner_text()
    item_url = page.get_by_role(
        "link", name=re.compile("政府信息公开工作年度报告")
    ).first.get_attribute("href")

    # 保密审查 and 签发 as for any other information.
    sign_in(page, base, staff["secrecy"].username)
    page.goto(f"{base}{item_url}")
    page.get_by_label("保密审查意见").fill("经审查，不涉及国家秘密，同意公开。")
    page.get_by_role("button", name="保密审查通过").click()
    page.wait_for_load_state()
    sign_in(page, base, staff["approver"].username)
    page.goto(f"{base}{item_url}")
    page.get_by_role("button", name="签发并发布").click()
    page.get_by_role("button", name="确定签发并发布").click()  # it asks first (issue 13)
    page.wait_for_load_state()
    index_number = page.locator("#index-number").inner_text().strip()
    assert index_number.startswith(organ.org_code)

    # The report is published, with its 索引号, and its public page shows the official table.
    sign_in(page, base, staff["organ_admin"].username)
    page.goto(report_url)
    assert page.locator("#report-status").inner_text() == "已发布"
    assert page.locator("#report-index-number").inner_text() == index_number
    shot("4-published")
    page.get_by_role("link", name="查看公开页面").click()
    page.wait_for_load_state()
    assert "申请人情况" in page.content() and index_number in page.content()
    # The charts, as images a screen reader announces by their titles.
    charts = page.get_by_role("region", name="图表")
    assert charts.get_by_role("img", name=re.compile("办理结果分布")).is_visible()
    assert charts.get_by_role("img", name=re.compile("新收申请的申请人类型")).is_visible()
    shot("5-portal")
