"""Issue 3 acceptance walk in a real browser: a citizen applies online, answers a 补正 online and
follows the case to its answer and the answer letter. Issue 13: the answer is drafted by the
handler and signed by the 签发 before it is given; it cannot be delivered before."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _staff_login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-Test-1234")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_citizen_applies_corrects_and_gets_answer(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    staff: dict,
    organ: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    # The form's minimum fill time guards against bots; a scripted citizen is fast.
    settings.GONGKAI = {**settings.GONGKAI, "APPLY_MIN_FILL_SECONDS": 0}
    base = live_server.url
    office = browser.new_context(locale="zh-CN")  # the citizen uses `page`, staff a second context
    desk = office.new_page()
    desk.set_default_timeout(15000)

    # The citizen applies online to the organ.
    page.goto(f"{base}/apply/organ/{organ.pk}/")
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名或名称").fill("王芳")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("所需信息的名称或内容描述").fill("本局2025年就业补贴发放情况")
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上获取", exact=True).check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{12}", code)

    # The organ confirms receipt and asks for a correction (Art. 30).
    from gongkai.applications.models import Application

    app = Application.objects.get(query_code=code)
    _staff_login(desk, base, staff["editor"].username)
    desk.goto(f"{base}/office/applications/{app.pk}/")
    desk.get_by_role("button", name="确认收到申请").click()
    desk.wait_for_load_state()
    desk.locator("#act-request_correction").get_by_label("需补正事项").fill(
        "请写明所需的是哪一类就业补贴"
    )
    desk.get_by_role("button", name="告知补正").click()
    desk.wait_for_load_state()
    assert "待补正" in desk.content()

    # The citizen looks the case up and answers the correction online.
    page.goto(f"{base}/apply/status/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("手机号码或证件号码后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "待补正" in page.content()
    page.get_by_label("补正内容").fill("需要的是2025年一次性扩岗补助的发放情况")
    page.get_by_role("button", name="提交补正").click()
    page.wait_for_load_state()
    assert "办理中" in page.content()
    shot("1-corrected")

    # The handler drafts the answer; it goes to 签发 (issue 13) and cannot be delivered yet.
    desk.reload()
    assert app.reference in desk.content()  # e.g. 测人社-2026-0001: unique across organs
    desk.locator("#act-answer").get_by_label("办理结果").select_option(value="granted")
    desk.locator("#act-answer").get_by_role("button", name="送审批").click()
    desk.wait_for_load_state()
    assert "答复待签发" in desk.locator("#app-status").inner_text()
    assert desk.locator("#act-deliver").count() == 0  # no delivery before 签发
    assert "答复告知书" not in desk.locator("#act-document").inner_text()  # only the 补正 letter
    page.reload()
    assert "答复审批中" in page.locator("#app-status").inner_text()

    # The 签发 reads the draft and its letter, and signs it.
    leader = browser.new_context(locale="zh-CN").new_page()
    leader.set_default_timeout(15000)
    _staff_login(leader, base, staff["approver"].username)
    leader.goto(f"{base}/office/applications/{app.pk}/")
    draft = leader.locator("#draft-answer")
    assert "待签发的答复" in draft.inner_text() and "答复告知书" in draft.inner_text()
    draft.get_by_role("button", name="签发答复").click()
    leader.wait_for_load_state()
    assert "已答复" in leader.locator("#app-status").inner_text()
    leader.context.close()

    # The handler generates the answer letter.
    desk.reload()
    assert "已答复" in desk.content()
    desk.locator("#act-document").get_by_label("文书类型").select_option(index=0)
    desk.get_by_role("button", name="生成").click()
    desk.wait_for_load_state()

    # The citizen sees the answer and can download the letter.
    page.reload()
    html = page.content()
    assert "已答复" in html
    assert "告知书" in html
    shot("2-answered")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("告知书")).first.click()
    assert download.value.suggested_filename.endswith(".docx")
    office.close()
