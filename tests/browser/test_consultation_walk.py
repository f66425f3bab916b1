"""Issue 18 acceptance walk (征求意见) in a real browser: a department opens a draft for public
comment, a citizen comments, staff moderate the comment, the period ends, staff group the
comments and publish the 采纳情况反馈 (closing before that is refused with the reason), close the
consultation and link it to the final policy; the public page shows the feedback and the link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def test_open_comment_moderate_feedback_close_and_link(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
    settings: Any,
    tmp_path: Any,
) -> None:
    from django.utils import timezone

    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create
    from gongkai.orgs.models import Organ
    from gongkai.participation.models import Consultation

    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI = {**settings.GONGKAI, "APPLY_MIN_FILL_SECONDS": 0}
    city = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("测试市住房和城乡建设局", parent=city)
    editor = make_user("zjj-editor", organ=dept, roles=("editor",))
    secrecy = make_user("zjj-secrecy", organ=dept, roles=("secrecy",))
    approver = make_user("zjj-leader", organ=dept, roles=("approver",))
    column = Column.objects.get(organ=dept, code="policy")
    final = item_create(
        actor=editor,
        organ=dept,
        column=column,
        fields=ItemFields(
            title="测试市住房租赁管理办法", formed_on=date(2026, 3, 2), body="<p>正文。</p>"
        ),
    ).item
    final = workflow.item_submit(actor=editor, item=final)
    final = workflow.item_pass_secrecy(actor=secrecy, item=final, opinion="同意公开。")
    final = workflow.item_publish(actor=approver, item=final)
    base = live_server.url
    today = timezone.localdate()

    # The department registers the draft and opens it for comment.
    desk = staff_page(browser, base, "zjj-editor")
    desk.goto(f"{base}/office/participation/")
    desk.get_by_role("link", name="登记征求意见").first.click()
    desk.get_by_label("其他政策文件").check()
    desk.get_by_label("标题", exact=True).fill(
        "关于《测试市住房租赁管理办法（征求意见稿）》公开征求意见的公告"
    )
    desk.get_by_label("征求意见稿正文").fill("第一条 为了规范住房租赁活动，制定本办法。")
    desk.get_by_label("起草说明").fill("为规范住房租赁市场，起草了本办法。")
    desk.get_by_label("开始日期").fill(today.isoformat())
    desk.get_by_label("截止日期").fill((today + timedelta(days=29)).isoformat())
    desk.get_by_role("button", name="保存为草稿").click()
    desk.wait_for_load_state()
    desk.locator("#act-open").get_by_role("button", name="发布").click()
    desk.wait_for_load_state()
    assert "征求意见中" in desk.locator("#consultation-status").inner_text()
    consultation = Consultation.objects.get()

    # A citizen finds it and comments (with markup, shown as text).
    page.goto(f"{base}/participation/")
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_label("意见内容").fill("<b>建议</b>明确押金退还期限，不超过7日。")
    page.get_by_label("姓名或单位（选填）").fill("张三")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "审核后将在本页显示" in page.content()
    shot("1-commented")

    # Staff moderate it: shown.
    desk.reload()
    form = desk.locator(f"#moderate-{consultation.comments.get().pk}")
    form.get_by_label("审核结果").select_option(label="公开显示")
    form.get_by_role("button", name="提交审核结果").click()
    desk.wait_for_load_state()
    page.reload()
    assert "<b>建议</b>明确押金退还期限" in page.locator("#comments").inner_text()
    assert "张*" in page.locator("#comments").inner_text()

    # The period ends (dates moved, not the clock); closing is refused until the feedback.
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
    )
    desk.reload()
    assert "尚未公布采纳情况反馈" in desk.locator("#close-refusal").inner_text()
    group = desk.locator("#act-group")
    group.get_by_label("意见归类").fill("押金退还期限")
    group.get_by_label("采纳情况").select_option(label="部分采纳")
    group.get_by_label("理由或说明").fill("退还期限定为10日，兼顾出租人核验需要。")
    group.get_by_role("checkbox").first.check()
    group.get_by_role("button", name="保存归类").click()
    desk.wait_for_load_state()
    feedback = desk.locator("#act-feedback")
    feedback.get_by_label("采纳情况总体说明").fill("共收到意见1条，部分采纳1条。")
    feedback.get_by_role("button", name="公布反馈").click()
    desk.wait_for_load_state()
    desk.locator("#act-close").get_by_role("button", name="办结").click()
    desk.wait_for_load_state()
    assert "已办结" in desk.locator("#consultation-status").inner_text()
    link = desk.locator("#act-link")
    link.get_by_label("正式文件").select_option(label="测试市住房租赁管理办法")
    link.get_by_role("button", name="保存关联").click()
    desk.wait_for_load_state()
    shot("2-closed")

    # The public page: the feedback, and the final policy linked.
    page.reload()
    assert "部分采纳" in page.locator("#feedback").inner_text()
    page.locator("#final-item").get_by_role("link", name="测试市住房租赁管理办法").click()
    page.wait_for_load_state()
    assert f"/item/{final.pk}/" in page.url
    # …and the policy's page links back to the consultation it came from.
    back = page.locator("#item-consultations")
    assert "公开征求意见" in back.inner_text() and "含意见采纳情况反馈" in back.inner_text()
    back.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "/participation/consultations/" in page.url
    page.go_back()
    shot("3-final-policy")
    desk.context.close()
