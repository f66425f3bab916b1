"""Signing in to the back office in a browser walk, the same way in every walk."""

from __future__ import annotations

from typing import Any

#: The password `make_user` (conftest.py) gives every test user.
PASSWORD = "pw-Test-1234"


def sign_in(page: Any, base: str, username: str) -> None:
    """Sign `page` in as `username` through the login form (cookies of an earlier user go)."""
    page.context.clear_cookies()
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def staff_page(browser: Any, base: str, username: str, **context: Any) -> Any:
    """A page of its own browser context (its own cookies), signed in as `username`: walks with
    several people keep one page per person."""
    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, username)
    return page
