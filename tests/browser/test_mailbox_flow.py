"""Issue 18 acceptance walk in a real browser: a citizen writes to the 市长信箱, the city's 公开办
transfers the letter to the department responsible, the department drafts a reply from its
template, the leader approves it, the citizen looks it up and rates it, and the reply appears on
the public mailbox page with the writer's personal data masked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def test_citizen_writes_office_transfers_department_answers_citizen_rates(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
    settings: Any,
    tmp_path: Any,
) -> None:
    from gongkai.orgs.models import Organ

    settings.MEDIA_ROOT = tmp_path
    # The form's minimum fill time guards against robots; a scripted citizen is fast.
    settings.GONGKAI = {**settings.GONGKAI, "APPLY_MIN_FILL_SECONDS": 0}
    city = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("测试市住房和城乡建设局", parent=city)
    make_user("gkb", organ=city, roles=("organ_admin",))
    make_user("zjj-editor", organ=dept, roles=("editor",))
    make_user("zjj-leader", organ=dept, roles=("approver",))
    base = live_server.url

    # The citizen finds the 市长信箱 from the portal's navigation and reads its rules.
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="互动交流").click()
    page.get_by_role("link", name="测试市人民政府 · 市长信箱").click()
    assert "留言须知" in page.content() and "投诉 15个工作日" in page.content()
    page.get_by_label("投诉").check()
    page.get_by_label("标题", exact=True).fill("幸福路小区门口道路积水")
    page.get_by_label("留言内容", exact=True).fill(
        "幸福路12号小区门口每逢下雨积水严重，老人孩子出行困难。我是王芳，电话13912345678，请尽快处理。"
    )
    page.get_by_label("姓名", exact=True).fill("王芳")
    page.get_by_label("联系电话", exact=True).fill("13912345678")
    page.get_by_label("联系地址", exact=True).fill("测试市幸福路12号")
    page.get_by_label(re.compile("同意在网站公开")).check()
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_load_state()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{12}", code)
    shot("1-written")

    from gongkai.mailbox.models import Letter

    letter = Letter.objects.get(query_code=code)

    # The city's 公开办 transfers it to the department responsible (按责转办).
    office = staff_page(browser, base, "gkb")
    office.goto(f"{base}/office/mailbox/")
    office.get_by_role("link", name=letter.reference).click()
    assert "待审核" in office.locator("#letter-status").inner_text()
    form = office.locator("#act-assign")
    form.get_by_label("转至机关").select_option(label="测试市住房和城乡建设局")
    form.get_by_label("转办理由").fill("属住房和城乡建设局职责")
    form.get_by_role("button", name="转办").click()
    office.wait_for_load_state()
    assert "已转交办理机关" in office.content()

    # The department drafts the reply from the template of a 投诉 and sends it for approval.
    desk = staff_page(browser, base, "zjj-editor")
    desk.goto(f"{base}/office/mailbox/{letter.pk}/")
    assert "办理中" in desk.locator("#letter-status").inner_text()
    reply = desk.locator("#act-reply").get_by_label("答复内容")
    assert "王女士/先生您好" in reply.input_value()  # drafted from the template
    reply.fill(
        "王女士/先生您好！您反映的幸福路12号小区门口积水问题，我局已安排疏通排水管道，"
        "如仍有积水请拨打0571-87654321联系。"
    )
    desk.locator("#act-reply").get_by_role("button", name="送审批").click()
    desk.wait_for_load_state()
    assert "答复待审批" in desk.locator("#letter-status").inner_text()
    assert desk.locator("#act-approve").count() == 0  # the handler does not approve

    # The leader approves it.
    leader = staff_page(browser, base, "zjj-leader")
    leader.goto(f"{base}/office/mailbox/{letter.pk}/")
    assert "疏通排水管道" in leader.locator("#draft-reply").inner_text()
    leader.locator("#act-approve").get_by_role("button", name="审批通过并答复").click()
    leader.wait_for_load_state()
    assert "已答复" in leader.locator("#letter-status").inner_text()

    # The citizen looks it up with the code and the phone's last four, reads and rates it.
    page.goto(f"{base}/mailbox/lookup/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("手机号码或身份证号码后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "疏通排水管道" in page.locator("#mine-reply").inner_text()
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("评价意见（选填）").fill("处理及时，谢谢")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert "满意" in page.locator("#mine-rating").inner_text()
    shot("2-rated")

    # The leader publishes it (the writer consented); the public reads it masked.
    leader.reload()
    assert "公开预览" in leader.content()
    leader.locator("#act-publish").get_by_role("button", name="公开留言及答复").click()
    leader.wait_for_load_state()
    page.goto(f"{base}/mailbox/")
    page.get_by_role("link", name="幸福路小区门口道路积水").click()
    page.wait_for_load_state()
    text = page.locator("article").inner_text()
    assert "疏通排水管道" in text and "满意" in text
    for personal in ("王芳", "13912345678", "12号", "87654321"):
        assert personal not in text, personal
    assert "139******78" in text and "幸福路**号" in text
    shot("3-published")
    for context in (office.context, desk.context, leader.context):
        context.close()
