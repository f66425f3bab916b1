"""The 通知 page in a real browser (issue 13 §8): contrast in both modes, every Tab stop visible,
and a notice opened from the keyboard goes to its page and is read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_contrast import MEASURE, _report
from tests.browser.test_keyboard import _tab_through

pytestmark = pytest.mark.browser


def _notices(user: Any, organ: Any, target: str) -> None:
    from django.utils import timezone

    from gongkai.inbox.models import Notice, NoticeKind
    from gongkai.inbox.services import notice_send

    for n, kind in enumerate(NoticeKind):
        notice_send(
            recipients=[user],
            kind=kind,
            key=f"browser-{n}",
            title=f"{kind.label}：关于做好就业补贴申领工作的通知",
            body="等待您办理。\n退回意见：请补充文号。",
            link=target,
            organ=organ,
        )
    Notice.objects.filter(kind=NoticeKind.INFO).update(read_at=timezone.now())
    Notice.objects.filter(kind=NoticeKind.OVERDUE).update(settled_at=timezone.now())


def test_inbox_contrast_keyboard_and_open(live_server: Any, page: Any, staff: dict, organ) -> None:
    base = live_server.url
    user = staff["approver"]
    _notices(user, organ, "/office/timeliness/")
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("pw-Test-1234")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    pages = ["/office/inbox/", "/office/inbox/?show=waiting", "/office/inbox/?show=overdue"]
    problems: list[dict[str, Any]] = []
    for large in (False, True):
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in [*pages, "/office/"]:
            page.goto(base + path)
            page.wait_for_load_state()
            problems += [{**f, "page": base + path} for f in page.evaluate(MEASURE)]
        for path in pages:
            stops = _tab_through(page, base + path, 40)
            hidden = [s for s in stops if not (s["outline"] or s["shadow"]) or not s["visible"]]
            assert hidden == [], hidden
            assert any(s["text"].startswith("标为已读") for s in stops) or "overdue" in path
    assert problems == [], _report(problems)

    # The header counts what still waits: 3 unread (the read one and the settled one left out).
    page.goto(f"{base}/office/inbox/?show=waiting")
    assert page.locator(".office-nav .unread-count").inner_text().startswith("3")
    link = page.get_by_role("link", name="等我处理：关于做好就业补贴申领工作的通知")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/office/timeliness/"
    assert page.locator(".office-nav .unread-count").inner_text().startswith("2")
