"""Issue 19 §1 in a real browser: a 规范性文件 is registered and numbered in the back office
(统一登记、统一编号), its 合法性审核 and 集体审议 recorded, signed by the leader (refused before
the records are in), published in the catalog, shown in the public register, and 60 days before
its validity ends the issuing organ finds the lapse notice in its inbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.browser.staff import staff_page

pytestmark = pytest.mark.browser


def test_register_sign_publish_and_lapse_notice(
    live_server: Any,
    browser: Any,
    page: Any,
    shot: Any,
    make_organ: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from django.utils import timezone

    from gongkai.catalog.models import Column
    from gongkai.catalog.services import workflow
    from gongkai.catalog.services.items import ItemFields, item_create
    from gongkai.orgs.models import Organ
    from gongkai.registers.models import RegisterEntry
    from gongkai.registers.services.register import registers_lapse_due, series_set

    county = make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT)
    dept = make_organ("岚山县人力资源和社会保障局", parent=county)
    editor = make_user("rs-editor", organ=dept, roles=("editor",))
    secrecy = make_user("rs-secrecy", organ=dept, roles=("secrecy",))
    leader = make_user("rs-leader", organ=dept, roles=("approver",))
    admin = make_user("rs-admin", organ=dept, roles=("organ_admin",))
    series_set(actor=admin, organ=dept, agency="岚人社规")
    column = Column.objects.get(organ=dept, code="policy")
    item = item_create(
        actor=editor,
        organ=dept,
        column=column,
        fields=ItemFields(
            title="岚山县就业见习管理办法",
            formed_on=date(2026, 3, 2),
            body="<p>第一条 为规范就业见习工作，制定本办法。</p>",
        ),
    ).item
    base = live_server.url

    # 采编 registers the draft: the number comes from the organ's series.
    office = staff_page(browser, base, "rs-editor")
    office.goto(f"{base}/office/registers/")
    office.get_by_role("link", name="登记规范性文件").click()
    office.get_by_label("公开目录信息编号").fill(str(item.pk))
    office.get_by_role("button", name="登记并编号").click()
    office.wait_for_load_state()
    entry = RegisterEntry.objects.get(item=item)
    assert entry.number == f"岚人社规〔{timezone.localdate().year}〕1号"
    assert "已登记" in office.locator("#entry-status").inner_text()

    # The leader may not sign before the 合法性审核 and 集体审议 are recorded.
    lead = staff_page(browser, base, "rs-leader")
    lead.goto(f"{base}/office/registers/entries/{entry.pk}/")
    sign = lead.locator("#act-sign")
    sign.get_by_label("签发日期").fill("2021-06-01")
    sign.get_by_role("button", name="签发").click()
    lead.wait_for_load_state()
    assert "不得签发" in lead.content()

    for kind, body in (("合法性审核", "岚山县司法局"), ("集体审议", "局党组会议")):
        form = office.locator("#act-check")
        form.get_by_label("记录类型").select_option(label=kind)
        form.get_by_label("日期").fill("2021-05-20")
        form.get_by_label("审核机构/会议/备案机关").fill(body)
        form.get_by_label("意见或结论").fill("同意。")
        form.get_by_role("button", name="登记记录").click()
        office.wait_for_load_state()
    assert "岚山县司法局" in office.locator("#checks").inner_text()

    lead.reload()
    sign = lead.locator("#act-sign")
    sign.get_by_label("签发日期").fill("2021-06-01")
    sign.get_by_role("button", name="签发").click()
    lead.wait_for_load_state()
    assert "已签发" in lead.locator("#entry-status").inner_text()
    entry.refresh_from_db()
    assert entry.expires_on == date(2026, 6, 1)

    # Published in the catalog, it shows in the public register with its number.
    item = workflow.item_submit(actor=editor, item=item)
    item = workflow.item_pass_secrecy(actor=secrecy, item=item, opinion="同意公开。")
    workflow.item_publish(actor=leader, item=item)
    page.goto(f"{base}/registers/")
    row = page.locator("#register tbody tr", has_text=entry.number)
    assert "岚山县就业见习管理办法" in row.inner_text() and "2026-06-01" in row.inner_text()
    shot("1-public-register")

    # 60 days before the date, the daily job tells the issuing organ through the inbox.
    assert registers_lapse_due(today=date(2026, 4, 2))["notified"] == [entry.pk]
    office.goto(f"{base}/office/inbox/")
    notice = office.get_by_role("link", name=f"规范性文件即将届满失效：{entry.number}")
    assert notice.count() == 1
    notice.click()
    office.wait_for_load_state()
    assert office.url.endswith(f"/office/registers/entries/{entry.pk}/")
