"""Whole-page 简→繁 conversion (OpenCC) for readers who chose 繁體.

Conversion happens on the finished HTML so every template, message and data value is covered
without templates knowing about it. Only text/html and feeds are converted; files never are.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from gongkai.core.text import to_traditional
from gongkai.portal.prefs import wants_traditional

_CONVERTIBLE = ("text/html", "application/rss+xml", "application/atom+xml")


class ScriptConversionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(_CONVERTIBLE):
            return response
        # Pages differ by the reader's cookies (script, large mode): caches must not mix them.
        patch_vary_headers(response, ["Cookie"])
        if not wants_traditional(request) or request.path.startswith("/admin/"):
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset)
        response.content = to_traditional(text).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response["Content-Language"] = "zh-Hant"
        return response
