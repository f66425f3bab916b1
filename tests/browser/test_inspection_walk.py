"""Issue 20 §2 in a real browser: the city's 公开办 plans a 督查 of a department, adds template
lines to its checklist, starts it, records 不符合 in the matrix, raises a finding with its
整改期限; the department submits its 整改 and the 公开办 verifies it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def test_round_finding_rectify_verify(
    live_server: Any, browser: Any, make_organ: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    from django.utils import timezone
    from playwright.sync_api import expect

    from gongkai.orgs.models import Organ
    from gongkai.workplans.models import Finding, InspectionRound

    city = make_organ("洛川市人民政府", kind=Organ.Kind.GOVERNMENT)
    make_organ("洛川市财政局", parent=city)
    make_user("ins-office", organ=city, roles=("organ_admin",))
    make_user("ins-finance", organ=city.children.get(), roles=("editor",))
    base, today = live_server.url, timezone.localdate()

    office = staff_page(browser, base, "ins-office")
    office.goto(f"{base}/office/workplans/inspections/")
    office.get_by_role("link", name="制定督查").click()
    office.get_by_label("督查名称").fill("上半年政务公开督查")
    office.get_by_label("开始日期").fill(today.isoformat())
    office.get_by_label("结束日期").fill((today + timedelta(days=10)).isoformat())
    office.get_by_label("洛川市财政局", exact=True).check()
    office.get_by_role("button", name="保存").click()
    expect(office.locator("#round-status")).to_have_text("计划中")
    office.get_by_label("政府信息公开工作年度报告按时公布", exact=False).check()
    office.get_by_role("button", name="加入所选模板要点").click()
    expect(office.locator("#checklist")).to_contain_text("年度报告按时公布")
    office.get_by_role("button", name="开始督查").click()
    expect(office.locator("#round-status")).to_have_text("督查中")

    office.get_by_role("link", name="督查结果（机关 × 清单）").click()
    office.locator("select[id^=v_]").select_option("fail")
    office.locator("input[id^=n_]").fill("年度报告逾期公布")
    office.get_by_role("button", name="保存督查结果").click()
    expect(office.get_by_text("已保存 1 项督查结果")).to_be_visible()

    round_ = InspectionRound.objects.get()
    office.goto(f"{base}/office/workplans/inspections/{round_.pk}/findings/new/")
    office.get_by_label("被督查机关").select_option(label="洛川市财政局")
    office.get_by_label("发现的问题").fill("2025年度报告逾期公布")
    office.get_by_label("整改要求").fill("说明原因并完善编制流程")
    office.get_by_role("button", name="提出整改要求").click()
    expect(office.locator("#error-summary")).to_contain_text("请填写整改期限")
    office.get_by_label("整改期限").fill((today + timedelta(days=15)).isoformat())
    office.get_by_role("button", name="提出整改要求").click()
    expect(office.locator("#finding-status")).to_have_text("待整改")

    dept = staff_page(browser, base, "ins-finance")
    dept.goto(f"{base}/office/workplans/findings/")
    dept.get_by_role("link", name="2025年度报告逾期公布").click()
    dept.get_by_label("整改情况").fill("已制定年度报告编制规程并公开。")
    dept.get_by_role("button", name="报送整改").click()
    expect(dept.locator("#finding-status")).to_have_text("待核验")

    office.goto(f"{base}/office/workplans/findings/{Finding.objects.get().pk}/")
    office.get_by_role("button", name="核验通过").click()
    expect(office.locator("#finding-status")).to_have_text("已整改")
