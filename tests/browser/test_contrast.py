"""Text contrast on the pages citizens and officials use most, measured in a real browser.

WCAG 2.x 1.4.3 (the level the national 适老化 and accessibility rules for government websites
follow): at least 4.5:1 for body text, 3:1 for large text (24 px, or 18.66 px bold). Every
visible element with text of its own, and every form field, is checked against the colour
behind it, in the normal and the 适老化 (large) mode; disabled controls are exempt, as WCAG
exempts inactive ones.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser

# Walks up from each text element to the first opaque background (page default white),
# blends semi-transparent colours over it, and returns the elements below the threshold.
MEASURE = r"""
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 1];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    // Form fields hold what people type: their text colour counts even while empty.
    const field = el.matches("textarea, select, input:not([type=hidden], [type=checkbox], "
      + "[type=radio], [type=submit], [type=button], [type=file])");
    const skip = "[disabled], [aria-disabled=true], script, style, noscript";
    if (!(own || field) || el.closest(skip)) continue;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (s.visibility !== "visible" || s.display === "none" || r.width < 1 || r.height < 1) continue;
    if (r.right < 0 || r.bottom < 0 || parseFloat(s.opacity) === 0) continue;
    const bg = background(el);
    const fg = over(parse(s.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      out.push({
        tag: el.tagName.toLowerCase() + "." + String(el.className).split(" ")[0],
        text: (field ? "[" + (el.name || el.type) + "] " : "") + el.textContent.trim().slice(0, 30),
        ratio: Math.round(ratio * 100) / 100,
        color: s.color,
        background: "rgb(" + bg.slice(0, 3).map(Math.round).join(",") + ")",
      });
    }
  }
  return out;
}
"""


def _report(problems: list[dict[str, Any]]) -> str:
    """One line per kind of problem (element, colours, page kind), with a count and an example."""
    kinds: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for p in problems:
        page_kind = re.sub(r"\d+", "N", p["page"].split("//", 1)[-1].split("/", 1)[-1])
        kinds.setdefault((p["tag"], p["color"], p["background"], page_kind), []).append(p)
    return "\n".join(
        f"{len(f)}× {f[0]['ratio']}:1 {tag} {color} on {bg} /{kind} «{f[0]['text']}»"
        for (tag, color, bg, kind), f in kinds.items()
    )


def _low_contrast(page: Any, url: str) -> list[dict[str, Any]]:
    response = page.goto(url)
    page.wait_for_load_state()
    assert response.status == (404 if "no-such-page" in url else 200), url
    found: list[dict[str, Any]] = page.evaluate(MEASURE)
    return [{**f, "page": url} for f in found]


def test_text_contrast_on_portal_and_back_office(
    live_server: Any,
    page: Any,
    make_user: Any,
    organ: Any,
    make_draft: Any,
    publish: Any,
) -> None:
    base = live_server.url
    item = publish(
        make_draft(
            title="关于开展2026年度就业补贴申领工作的通知",
            doc_number="测人社发〔2026〕7号",
            body="<h2>一、申领条件</h2><p>符合条件的人员可申领就业补贴。</p>",
        )
    )
    organ_id = item.organ_id
    portal = [
        "/",
        f"/item/{item.pk}/",
        "/search/?q=就业补贴",
        "/search/?q=没有这个词语的结果",
        "/browse/",
        f"/organ/{organ_id}/",
        f"/organ/{organ_id}/guide/",
        "/apply/",
        f"/apply/organ/{organ_id}/",
        "/apply/status/",
        "/organs/",
        f"/column/{item.column_id}/",
        f"/item/{item.pk}/print/",
        "/reports/check/",
        "/no-such-page/",
    ]
    problems: list[dict[str, Any]] = []
    for large in (False, True):
        page.context.clear_cookies()
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in portal:
            problems += _low_contrast(page, base + path)
    page.context.clear_cookies()
    problems += _low_contrast(page, f"{base}/office/login/")
    roles = ("editor", "reviewer", "secrecy", "approver", "organ_admin")
    page.get_by_label("用户名").fill(make_user("all-roles", organ=organ, roles=roles).username)
    page.get_by_label("密码").fill("pw-Test-1234")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    office = [
        "/office/",
        "/office/items/",
        "/office/items/new/",
        f"/office/items/{item.pk}/",
        "/office/applications/",
        "/office/reports/",
        "/office/timeliness/",
    ]
    for large in (False, True):  # the back office has the 适老化 mode too
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in office:
            problems += _low_contrast(page, base + path)
    assert problems == [], _report(problems)


def _links(page: Any, base: str, prefix: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        path = href.split("#")[0]
        if not path.startswith(base + prefix) or "logout" in path:
            continue
        skip = ("/attachment/", "/rss/", "/atom/", "/download", "export", ".json", ".xml", ".csv")
        if any(part in path for part in skip):
            continue
        out.append(path[len(base) :])
    return out


def _one_page_per_kind(page: Any, base: str, start: str, prefix: str, limit: int) -> list[str]:
    """Follow links from `start`; keep one address per kind (digits and query left out)."""
    queue, kinds, found = [start], set(), []
    while queue and len(found) < limit:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path.split("?")[0])
        if kind in kinds:
            continue
        kinds.add(kind)
        try:
            response = page.goto(base + path)
        except PlaywrightError:  # a file download (DOCX, XLSX, PDF …), not a page
            continue
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found.append(path)
        queue += _links(page, base, prefix)
    return found


def test_text_contrast_across_the_demo_site(live_server: Any, page: Any, settings: Any, tmp_path):
    """Every kind of page the demo reaches from the portal home and the back-office dashboard
    (as the administrator), in both modes: the templates the first test does not name."""
    from django.core.management import call_command

    from gongkai.demo.organs import DEMO_PASSWORD

    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--items", "40", "--seed", "3", stdout=io.StringIO())
    base = live_server.url
    portal = _one_page_per_kind(page, base, "/", "/", 60)
    page.goto(f"{base}/office/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    office = _one_page_per_kind(page, base, "/office/", "/office/", 80)
    assert len(portal) >= 8 and len(office) >= 15, (portal, office)  # the crawl went somewhere
    problems: list[dict[str, Any]] = []
    for large in (False, True):
        if large:
            page.context.add_cookies([{"name": "gk_large", "value": "1", "url": base}])
        for path in portal + office:
            problems += _low_contrast(page, base + path)
    assert problems == [], _report(problems)
