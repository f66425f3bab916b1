"""Hostile input, server side (issue 16 §5): an XSS corpus through every text field a citizen or a
staff member can fill (item title/summary/body/keywords, the application form, the report
check text) and every query parameter of the public pages; the rendered HTML holds no element or
attribute that would run it. The browser walk (tests/browser/test_xss.py) runs the same corpus
in Chromium; CSRF on every POST form is checked here too.

Every payload sets `window.__gkxss` when it runs, so the browser test has one flag to read, and
`executable()` below looks for the marker in places that execute: a script element, an on*
attribute, a javascript: URL, a CSS expression, an iframe's srcdoc.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

MARK = "__gkxss"
#: Script, event handlers, javascript: URLs, SVG, CSS expressions, encoded and broken variants.
PAYLOADS: tuple[str, ...] = (
    f"<script>window.{MARK}=1</script>",
    f'"><script>window.{MARK}=1</script>',
    f"'><img src=x onerror=window.{MARK}=1>",
    f'<img src="x" onerror="window.{MARK}=1">',
    f"<svg onload=window.{MARK}=1>",
    f"<svg><script>window.{MARK}=1</script></svg>",
    f'<a href="javascript:window.{MARK}=1">点此查看</a>',
    f"javascript:window.{MARK}=1",
    f'<iframe srcdoc="<script>parent.{MARK}=1</script>"></iframe>',
    f"<body onload=window.{MARK}=1>",
    f'<div style="width:expression(window.{MARK}=1)">x</div>',
    f"<style>@import 'javascript:window.{MARK}=1';</style>",
    f"<details open ontoggle=window.{MARK}=1>",
    f"<input autofocus onfocus=window.{MARK}=1>",
    f"<IMG SRC=JaVaScRiPt:window.{MARK}=1>",
    f"<scr<script>ipt>window.{MARK}=1</script>",
    f"&lt;script&gt;window.{MARK}=1&lt;/script&gt;",
    f"%3Cscript%3Ewindow.{MARK}=1%3C/script%3E",
    f"</textarea></title><script>window.{MARK}=1</script>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=window.{MARK}=1>",
)
ALL = "".join(PAYLOADS)
_JS_URL = re.compile(r"^\s*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|vbscript|data)\s*:", re.I)
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if MARK not in value:
                continue
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in {"href", "src", "action", "formaction", "data", "xlink:href"} and (
                _JS_URL.match(value)
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")
            elif name == "style" and "expression(" in value.lower():
                self.found.append(f"<{tag} style=expression(…)>")
            elif name == "srcdoc":
                self.found.append(f"<{tag} srcdoc=…>")
        if tag in {"script", "style"}:
            kind = (values.get("type") or "").lower()
            self._script = None if kind in _DATA_SCRIPT_TYPES else tag

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script and MARK in data:
            self.found.append(f"<{self._script}>…{MARK}…")


def executable(html: str) -> list[str]:
    """Places in `html` where a payload of the corpus would run."""
    finder = _Finder()
    finder.feed(html)
    return finder.found


def test_the_detector_sees_every_payload_raw_and_none_escaped() -> None:
    from django.utils.html import escape

    raw = [p for p in PAYLOADS if executable(f"<p>{p}</p>")]
    assert len(raw) >= 14  # the encoded variants are inert even raw
    assert not executable(f"<p>{escape(ALL)}</p>")


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, url
    return response.content.decode()


def _assert_inert(html: str, where: str) -> None:
    found = executable(html)
    assert not found, f"{where}: {found[:5]}"


# -- catalog items ---------------------------------------------------------------------------------


@pytest.fixture
def hostile_item(make_draft: Any, publish: Any) -> Any:
    return publish(
        make_draft(
            title=f"关于就业补贴的通知{PAYLOADS[1]}",
            summary=ALL[:500],
            body=f"<p>正文</p>{ALL}",
            keywords=PAYLOADS[3][:100],
        )
    )


def test_item_fields_come_out_inert_on_public_and_staff_pages(
    client, hostile_item, staff, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = hostile_item
    pages = [
        reverse("portal:item", args=[item.pk]),
        reverse("portal:item_print", args=[item.pk]),
        reverse("portal:column", args=[item.column_id]),
        reverse("portal:organ", args=[item.organ_id]),
        reverse("portal:home"),
        reverse("portal:browse"),
        reverse("portal:policies"),
        reverse("portal:site_rss"),
    ]
    for url in pages:
        _assert_inert(_get(client, url), url)
    client.force_login(staff["editor"])
    for url in (reverse("office:item", args=[item.pk]), reverse("office:items")):
        _assert_inert(_get(client, url), url)


def test_the_body_sanitizer_drops_every_active_part() -> None:
    from gongkai.catalog.sanitize import sanitize_body

    clean = sanitize_body(ALL)
    assert not executable(clean)
    assert "<script" not in clean.lower() and "onerror" not in clean.lower()


# -- the application form --------------------------------------------------------------------------


def test_application_fields_come_out_inert(client, organ, staff, settings, tmp_path) -> None:
    from gongkai.applications.services.intake import application_register
    from gongkai.applications.views import public

    settings.MEDIA_ROOT = tmp_path
    app = application_register(
        actor=None,
        organ=organ,
        channel="online",
        submitted_on=date(2026, 3, 2),
        data={
            "applicant_type": "natural",
            "name": f"李{PAYLOADS[2]}"[:50],
            "id_type": "passport",
            "id_number": "E12345678",
            "phone": "13812345678",
            "email": "liming@example.com",
            "address": ALL[:200],
            "description": ALL,
            "info_form": "electronic",
            "delivery": "email",
        },
    ).application
    client.force_login(staff["editor"])
    for url in (
        reverse("office_apps:case", args=[app.pk]),
        reverse("office_apps:case", args=[app.pk]) + "?reveal=1",
        reverse("office_apps:queue") + "?" + urlencode({"q": PAYLOADS[1]}),
        reverse("office_apps:frequent"),
    ):
        _assert_inert(_get(client, url), url)
    client.logout()
    session = client.session
    session[public.SESSION_CASE] = session[public.SESSION_DONE] = app.pk
    session.save()
    for url in (
        reverse("apply:done"),
        reverse("apply:case"),
        reverse("apply:receipt", args=[app.pk]),
    ):
        _assert_inert(_get(client, url), url)


def test_a_refused_application_form_echoes_the_payload_inert(client, organ) -> None:
    """The form re-rendered with its errors keeps what was typed: escaped."""
    response = client.post(
        reverse("apply:form", args=[organ.pk]),
        {"name": PAYLOADS[1], "address": PAYLOADS[2], "description": ALL, "started": "x"},
    )
    assert response.status_code == 400
    _assert_inert(response.content.decode(), "apply:form (refused)")


# -- the report check text -------------------------------------------------------------------------


# db: every public page resolves its site (gongkai/sites) from the registry.
@pytest.mark.django_db
def test_the_report_check_text_comes_out_inert(client) -> None:
    text = "2025年政府信息公开工作年度报告\n" + "\n".join(PAYLOADS)
    response = client.post(reverse("report_check:check"), {"text": text})
    assert response.status_code < 500
    _assert_inert(response.content.decode(), "report_check:check")


# -- every query parameter of the public pages ---------------------------------------------------

QUERY_NAMES = (
    "q", "page", "sort", "organ", "column", "topic", "genre", "kind", "validity", "year",
    "year_from", "year_to", "area", "doc_number", "facets", "script", "next", "format",
)  # fmt: skip


def _public_get_urls(organ: Any, item: Any) -> list[str]:
    ids = {"pk": item.pk, "organ_pk": organ.pk}
    urls: list[str] = []

    def walk(resolver: URLResolver, ns: str = "") -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = p.namespace or ns
                if inner in {"admin", "office", "office_apps", "inbox", "reports"}:
                    continue
                walk(p, inner)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{ns}:{p.name}" if ns else p.name
                wanted = {k: ids[k] for k in p.pattern.converters if k in ids}
                if len(wanted) != len(p.pattern.converters):
                    continue
                if p.name in {"column", "column_rss", "column_atom"}:
                    wanted = {"pk": item.column_id}
                elif p.name in {"organ", "guide", "organ_rss", "organ_atom"}:
                    wanted = {"pk": organ.pk}
                urls.append(reverse(name, kwargs=wanted))

    walk(get_resolver())
    return urls


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_every_query_parameter_of_the_public_pages_comes_out_inert(
    client, hostile_item, payload
) -> None:
    query = urlencode(dict.fromkeys(QUERY_NAMES, payload))
    for url in _public_get_urls(hostile_item.organ, hostile_item):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, url
        if "html" in response.get("Content-Type", ""):
            _assert_inert(response.content.decode(), url)


# -- CSRF on every form ---------------------------------------------------------------------------

#: The portal's reading preferences (简/繁, 适老化): deliberately CSRF-exempt, see
#: gongkai/portal/views/reading.py (a cookie of display preference, nothing else).
CSRF_EXEMPT = {"portal:set_script", "portal:set_large"}
#: The open API (if mounted) authenticates by token, not by the session cookie.
CSRF_NOT_APPLICABLE_PREFIXES = ("api/",)
_DUMMY = {"int": 1, "slug": "note", "str": "html", "path": "x"}


def _every_url() -> list[tuple[str, str]]:
    """(url name, URL) of every named pattern, with placeholder arguments (the CSRF check runs
    before the view, so the objects need not exist)."""
    out: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                walk(p, prefix + str(p.pattern), inner)
            elif p.name:
                route = prefix + str(p.pattern)
                if route.startswith(CSRF_NOT_APPLICABLE_PREFIXES):
                    continue
                name = f"{ns}:{p.name}" if ns else p.name
                kwargs = {
                    k: _DUMMY.get(type(conv).__name__.replace("Converter", "").lower(), 1)
                    for k, conv in p.pattern.converters.items()
                }
                try:
                    out.append((name, reverse(name, kwargs=kwargs)))
                except Exception:  # noqa: BLE001, S112 - a pattern with a regex we cannot fill
                    continue

    walk(get_resolver())
    return out


def test_every_post_without_a_csrf_token_is_refused(make_user) -> None:
    admin = make_user("csrf-admin", is_superuser=True, is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    passed: set[str] = set()
    checked = 0
    for name, url in _every_url():
        response = client.post(url, {"title": "x"})
        checked += 1
        if response.status_code == 403 and "表单已失效" in response.content.decode():
            continue
        passed.add(name)
    assert checked > 100
    assert passed == CSRF_EXEMPT, f"POST accepted without a CSRF token: {sorted(passed)}"
