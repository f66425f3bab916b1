"""Reader preferences kept in cookies: script (简/繁) and 适老化 large mode."""

from __future__ import annotations

from django.http import HttpRequest

SCRIPT_COOKIE = "gk_script"  # "hans" (default) or "hant"
LARGE_COOKIE = "gk_large"  # "1" when 适老化 large-font high-contrast mode is on


def wants_traditional(request: HttpRequest) -> bool:
    return request.COOKIES.get(SCRIPT_COOKIE) == "hant"


def wants_large(request: HttpRequest) -> bool:
    return request.COOKIES.get(LARGE_COOKIE) == "1"
