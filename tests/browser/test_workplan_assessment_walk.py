"""Issue 20 (done means) in a real browser: the city's 公开办 imports a 工作要点, breaks one point
into tasks for two departments, one department reports progress with a link to its published
item, the 公开办 accepts it, and the year's assessment shows the task and the indicators
computed for that department (and the records behind a figure, one click further)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser

PLAN_TEXT = """测试市{year}年政务公开工作要点
全面推进政务公开，现提出如下要点。
一、以政务公开助推法治政府建设
（一）做好财政预决算公开
按要求公开预决算。（市财政局牵头，市住建局配合）
二、加强政务公开平台建设
（一）开展新媒体管理
加强政务新媒体管理。（市网信办）
"""


def _shot(page: Any, name: str) -> None:
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"workplan-assessment-{name}.png"), full_page=True)


def _published_item(organ: Any, people: dict[str, Any], today: date) -> Any:
    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create

    item = item_create(
        actor=people["editor"],
        organ=organ,
        column=Column.objects.get(organ=organ, code="policy"),
        fields=ItemFields(
            title="测试市财政局关于公开本级预决算的通知",
            formed_on=today,
            body="<p>按规定公开本级政府预决算和部门预决算。</p>",
        ),
    ).item
    item = workflow.item_submit(actor=people["editor"], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=people["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(actor=people["secrecy"], item=item, opinion="同意公开。")
    return workflow.item_publish(actor=people["approver"], item=item)


def test_plan_tasks_progress_and_the_years_assessment(
    live_server: Any,
    browser: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from django.utils import timezone
    from playwright.sync_api import expect

    from gongkai.assessment.models import Scheme
    from gongkai.orgs.models import Organ
    from gongkai.workplans.models import Plan, Task

    today = timezone.localdate()
    year = today.year
    city = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    finance = make_organ("测试市财政局", parent=city)
    housing = make_organ("测试市住房和城乡建设局", parent=city)
    make_user("walk-office", organ=city, roles=("organ_admin",))
    people = {
        role: make_user(f"walk-fin-{role}", organ=finance, roles=(role,))
        for role in ("editor", "secrecy", "approver")
    }
    make_user("walk-housing", organ=housing, roles=("editor",))
    item = _published_item(finance, people, today)
    base = live_server.url

    # 1. The 公开办 imports the 工作要点: parsed, shown for confirmation, saved.
    office = staff_page(browser, base, "walk-office")
    office.goto(f"{base}/office/workplans/import/")
    office.get_by_label("制定机关（公开办）").select_option(str(city.pk))
    office.get_by_label("年度").fill(str(year))
    office.locator("#id_title").fill(f"测试市{year}年政务公开工作要点")
    office.get_by_label("工作要点全文").fill(PLAN_TEXT.format(year=year))
    office.get_by_role("button", name="识别并预览").click()
    expect(office.locator("#points")).to_contain_text("做好财政预决算公开")
    office.get_by_role("button", name="确认保存").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("政务公开工作要点")
    plan = Plan.objects.get(organ=city, year=year)
    point = plan.points.get(title="做好财政预决算公开")

    # 2. One point broken into tasks for two departments.
    deadline = (today + timedelta(days=30)).isoformat()
    for organ, title in ((finance, "公开本级预决算"), (housing, "配合公开住房保障资金预决算")):
        office.locator(f"#point-{point.pk}").get_by_role("link", name="分解为任务").click()
        office.locator("#id_title").fill(title)
        office.get_by_label("牵头单位").select_option(str(organ.pk))
        office.get_by_label("配合单位").select_option([])  # the point names 住建局 as 配合
        office.get_by_label("完成时限").fill(deadline)
        office.get_by_role("button", name="分派").click()
        expect(office.locator(f"#point-{point.pk}")).to_contain_text(title)
    task = Task.objects.get(plan=plan, organ=finance)
    assert Task.objects.filter(plan=plan, point=point).count() == 2

    # 3. The finance department reports progress with a link to its published item.
    dept = staff_page(browser, base, "walk-fin-editor")
    dept.goto(f"{base}/office/workplans/tasks/{task.pk}/")
    report = dept.locator("#act-report")
    report.get_by_label("进展情况").fill("已在门户网站公开本级预决算，细化到功能分类项级科目。")
    report.get_by_label("佐证信息链接").fill(f"/item/{item.pk}/")
    report.get_by_role("button", name="报送进展").click()
    expect(dept.locator("#task-status")).to_contain_text("待验收")

    # 4. The 公开办 accepts it.
    office.goto(f"{base}/office/workplans/tasks/{task.pk}/")
    office.locator("#act-accept").get_by_role("button", name="通过验收").click()
    expect(office.locator("#task-status")).to_contain_text("已完成")
    task.refresh_from_db()
    assert task.status == "done"

    # 5. The year's assessment: the scheme from the template, computed from the records.
    office.goto(f"{base}/office/assessment/")
    office.get_by_label("考核机关（公开办）").select_option(str(city.pk))
    office.get_by_label("考核年度").fill(str(year))
    office.get_by_role("button", name="制定考核方案").click()
    expect(office.locator("#scheme-status")).to_contain_text("编制中")
    office.locator("#compute").click()
    expect(office.locator("#scorecard")).to_contain_text("测试市财政局")
    expect(office.locator("#scorecard")).to_contain_text("待补")  # e.g. no monitored site
    _shot(office, "scorecard")
    office.locator("#scorecard").get_by_role("link", name="测试市财政局").click()
    tasks = office.locator("#indicator-F1")
    expect(tasks).to_contain_text("公开本级预决算")
    expect(tasks).to_contain_text("100.0%")
    expect(tasks).to_contain_text("已完成")
    expect(office.locator("#indicator-A1")).to_contain_text("100.0%")
    expect(office.locator("#indicator-D1")).to_contain_text("缺数据")
    _shot(office, "organ-card")
    # One click further: the records behind the figure, linking to the task itself.
    office.locator("#indicator-F1").get_by_role("link", name="10").first.click()
    expect(office.locator("#records")).to_contain_text("公开本级预决算")
    office.locator("#records").get_by_role("link", name="公开本级预决算").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("公开本级预决算")
    scheme = Scheme.objects.get(organ=city, year=year)
    assert scheme.results.filter(organ=finance, indicator__code="F1", score=10).exists()
    assert scheme.results.filter(organ=housing, indicator__code="F1", score=0).exists()
