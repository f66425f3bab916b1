"""Keyboard use: Tab reaches the page's controls in order, starting with the skip link, and
every stop shows a focus indicator (WCAG 2.4.1, 2.4.7), in the normal and the 适老化 mode."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

FOCUSED = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A date field's own calendar button (inside the browser's shadow tree) takes a Tab stop of
  // its own; the field is active but not :focus then, and the browser draws that ring itself.
  if (!el.matches(":focus")) return { own: true };
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "")
      .trim().slice(0, 20),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== "none",
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
  };
}
"""


def _tab_through(page: Any, url: str, stops: int) -> list[dict[str, Any]]:
    page.goto(url)
    page.wait_for_load_state()
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED)
        if found is None:
            break
        if not found.get("own"):
            seen.append({**found, "page": url})
    return seen


def test_tab_stops_are_visible_and_start_with_the_skip_link(
    live_server: Any, page: Any, make_draft: Any, publish: Any, staff: dict
) -> None:
    base = live_server.url
    item = publish(make_draft(title="关于开展2026年度就业补贴申领工作的通知"))
    pages = ["/", f"/item/{item.pk}/", "/search/?q=就业补贴", f"/apply/organ/{item.organ_id}/"]
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill(staff["editor"].username)
    page.get_by_label("密码").fill("pw-Test-1234")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    pages += ["/office/", "/office/items/new/", f"/office/items/{item.pk}/"]
    for large in (False, True):
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in pages:
            stops = _tab_through(page, base + path, 25)
            assert stops, path
            assert stops[0]["text"].startswith("跳到") or "跳过" in stops[0]["text"], stops[0]
            hidden = [s for s in stops if not (s["outline"] or s["shadow"]) or not s["visible"]]
            assert hidden == [], hidden
