"""Issue 19 §5 in a real browser: the department's editor announces a 双随机 draw and draws it in
the back office; a citizen opens the public page, re-runs the draw from the published pools and
seed (一致), then alters one subject in the pool and re-runs it again (不一致)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SUBJECTS = "\n".join(f"91331100MA4{n:07d}\t岚山县第{n}号超市" for n in range(1, 16))
INSPECTORS = "\n".join(f"33118{n:05d}\t执法员{n}" for n in range(1, 7))


def test_office_draws_and_a_citizen_re_runs_the_draw(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from gongkai.orgs.models import Organ
    from gongkai.registers.models import Draw, PoolKind
    from gongkai.registers.services.draws import pool_save

    county = make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("岚山县市场监督管理局", parent=county)
    editor = make_user("scj-editor", organ=dept, roles=("editor",))
    pool_save(actor=editor, organ=dept, kind=PoolKind.SUBJECTS, name="超市名录", text=SUBJECTS)
    pool_save(actor=editor, organ=dept, kind=PoolKind.INSPECTORS, name="执法人员", text=INSPECTORS)
    base = live_server.url

    # The editor announces the draw (pools' hashes and the seed's commitment) and draws it.
    office = browser.new_context(locale="zh-CN").new_page()
    office.set_default_timeout(15000)
    office.goto(f"{base}/office/login/")
    office.get_by_label("用户名").fill("scj-editor")
    office.get_by_label("密码").fill("pw-Test-1234")
    office.get_by_role("button", name="登录").click()
    office.wait_for_load_state()
    office.goto(f"{base}/office/registers/")
    office.get_by_role("link", name="公告双随机抽查").click()
    office.get_by_label("抽查事项").fill("2026年超市食品安全双随机抽查")
    office.get_by_label("抽取检查对象数").fill("4")
    office.get_by_label("每个对象匹配检查人员数").fill("2")
    office.get_by_role("button", name="公告").click()
    office.wait_for_load_state()
    assert "已公告" in office.locator("#draw-status").inner_text()
    draw = Draw.objects.get()
    assert draw.seed not in office.content()  # the seed stays secret until the draw
    office.get_by_label("公开随机值（可选）").fill("2026153期 07 12 19")
    office.get_by_role("button", name="抽取并公开结果").click()
    office.wait_for_load_state()
    assert "已抽取" in office.locator("#draw-status").inner_text()
    draw.refresh_from_db()

    # A citizen finds the draw on the portal and re-runs it from the published values.
    page.goto(f"{base}/registers/draws/")
    page.get_by_role("link", name="2026年超市食品安全双随机抽查").click()
    assert page.locator("#seed").inner_text() == draw.seed
    assert page.locator("#subjects-sha256").inner_text() == draw.subjects_sha256
    assert page.locator("#results tbody tr").count() == 4
    page.get_by_role("button", name="重新抽取并核对").click()
    page.wait_for_load_state()
    assert page.locator("#verdict").inner_text() == "一致"
    shot("1-matches")

    # The same with one subject renamed in the pool: the verification says it does not match.
    field = page.get_by_label("检查对象名录")
    field.fill(field.input_value().replace("岚山县第7号超市", "岚山县第7号便利店"))
    page.get_by_role("button", name="重新抽取并核对").click()
    page.wait_for_load_state()
    assert page.locator("#verdict").inner_text() == "不一致"
    assert "与公告不一致" in page.locator("#verification").inner_text()
    shot("2-altered")
