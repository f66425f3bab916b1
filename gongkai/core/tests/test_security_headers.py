"""Content-Security-Policy without inline script, and the templates that make it hold: no inline
<script> (JSON data blocks aside), no on*= handlers, no javascript: links (issue 16 §1)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.core.security_headers import DEFAULT_CSP

ROOT = Path(__file__).resolve().parents[3]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    found += list((ROOT / "gongkai").rglob("templates/**/*.html"))
    return found


def test_no_template_has_inline_script_or_handlers() -> None:
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            offenders += [
                f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
            ]
    assert offenders == []


def test_the_policy_allows_no_inline_or_foreign_script() -> None:
    directives = dict(d.strip().split(" ", 1) for d in DEFAULT_CSP.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/office/login/", "/search/?q=就业", "/admin/login/"])
def test_every_page_carries_the_headers(url: str) -> None:
    response: Any = Client().get(url)
    assert response.status_code in (200, 302)
    assert response["Content-Security-Policy"] == DEFAULT_CSP
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_search_suggestions_script_is_a_file() -> None:
    html = Client().get("/search/").content.decode()
    assert "js/search-suggest.js" in html and 'data-suggest-url="/search/suggest' in html
    assert (ROOT / "static/js/search-suggest.js").is_file()
