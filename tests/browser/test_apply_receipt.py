"""Issue 13 in a real browser: a citizen applies online, is led to the mistakes of a failed
submit, and prints the 回执; the public pages are laid out by the public stylesheet (the
breadcrumb lines up with the page, as on every portal page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def _left_edges_line_up(page: Any) -> None:
    """The breadcrumb starts where the content starts (office.css once pulled it to the edge)."""
    crumb = page.locator("nav.breadcrumb ol").bounding_box()
    main = page.locator("main h1").bounding_box()
    assert crumb is not None and main is not None
    assert abs(crumb["x"] - main["x"]) < 2, (crumb, main)


def test_citizen_applies_and_prints_the_receipt(
    live_server: Any, page: Any, shot: Any, organ: Any, settings: Any
) -> None:
    settings.GONGKAI = {
        **settings.GONGKAI,
        "APPLY_MIN_FILL_SECONDS": 0,
        "SITE_NAME": "岚川市人民政府信息公开平台",
    }
    base = live_server.url
    for path in ("/apply/", f"/apply/organ/{organ.pk}/", "/apply/status/", "/reports/check/"):
        page.goto(base + path)
        _left_edges_line_up(page)
        assert not page.locator("link[href*='office.css']").count(), path
    shot("1-public-form")

    # A first try as an organisation without its particulars: the error summary comes first,
    # has the focus, and its links lead into the fields.
    page.goto(f"{base}/apply/organ/{organ.pk}/")
    assert page.locator("#id_phone").get_attribute("type") == "tel"
    credit = page.locator("#id_credit_code")
    note = page.locator("#" + credit.get_attribute("aria-describedby").split()[0])
    assert note.inner_text() == "申请人为法人或其他组织时必填"
    page.get_by_role("radio", name="法人或其他组织").check()
    page.get_by_label("申请人姓名或名称").fill("岚川市某某科技有限公司")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("所需信息的名称或内容描述").fill("本局2025年就业补贴发放情况")
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上获取", exact=True).check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert page.title().startswith("错误：")
    summary = page.locator("#error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    shot("2-error-summary")
    summary.get_by_role("link", name=re.compile("统一社会信用代码")).click()
    assert page.evaluate("document.activeElement.id") == "id_credit_code"

    # Corrected, as a natural person: submitted, with the 回执 one click away.
    page.get_by_role("radio", name="自然人").check()
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert not page.title().startswith("错误")
    reference = page.locator("#reference").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    page.get_by_role("link", name="打印回执").click()
    page.wait_for_load_state()

    assert "政府信息公开申请回执" in page.title()
    assert page.locator("#receipt-reference").inner_text().strip() == reference
    assert page.locator("#receipt-code").inner_text().strip() == code
    today = timezone.localdate()
    assert (
        f"{today.year}年{today.month}月{today.day}日"
        in page.locator("#receipt-submitted").inner_text()
    )
    assert "以双方确认之日为收到申请之日" in page.locator("#receipt-date").inner_text()
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日前", page.locator("#receipt-due").inner_text())
    assert page.locator("svg.qr-code").count() == 1
    shot("3-receipt")

    # The print stylesheet: A4, and on paper no buttons.
    href = page.locator("link[rel=stylesheet][media=print]").get_attribute("href")
    css = page.request.get(base + href)
    assert css.ok and "size: A4" in css.text()
    page.emulate_media(media="print")
    assert page.locator(".print-actions").is_hidden()
    assert page.locator("#receipt-code").is_visible()
    shot("4-receipt-print")
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1


def test_new_public_pages_keep_their_contrast_in_both_modes(
    live_server: Any, page: Any, organ: Any, make_draft: Any, publish: Any, settings: Any
) -> None:
    """政策文件库, 网站地图, an error summary and the 回执 (WCAG 1.4.3, as tests/browser/
    test_contrast.py measures the other pages), normal and 适老化."""
    from tests.browser.test_contrast import MEASURE, _low_contrast, _report

    settings.GONGKAI = {**settings.GONGKAI, "APPLY_MIN_FILL_SECONDS": 0}
    publish(make_draft(title="关于印发就业补贴办法的通知", doc_number="测人社发〔2026〕7号"))
    base = live_server.url
    problems: list[dict[str, Any]] = []
    for large in (False, True):
        page.context.clear_cookies()
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in ("/policies/", "/policies/?validity=valid", "/sitemap/", "/search/"):
            problems += _low_contrast(page, base + path)
        page.goto(f"{base}/apply/organ/{organ.pk}/")
        page.get_by_role("radio", name="法人或其他组织").check()
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_load_state()
        problems += [{**f, "page": page.url} for f in page.evaluate(MEASURE)]
        page.get_by_role("radio", name="自然人").check()
        page.get_by_label("申请人姓名或名称").fill("王芳")
        page.get_by_label("联系电话").fill("13912345678")
        page.get_by_label("证件类型").select_option(label="居民身份证")
        page.get_by_label("证件号码").fill("11010519491231002X")
        page.get_by_label("所需信息的名称或内容描述").fill("本局2025年就业补贴发放情况")
        page.get_by_label("电子", exact=True).check()
        page.get_by_label("网上获取", exact=True).check()
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="打印回执").click()
        page.wait_for_load_state()
        problems += [{**f, "page": page.url} for f in page.evaluate(MEASURE)]
    assert problems == [], _report(problems)
