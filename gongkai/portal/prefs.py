"""Reader preferences kept in cookies: script (简/繁) and 适老化 large mode.

`?script=hant` / `?script=hans` in the address overrides the cookie for that request, so that a
feed reader (which sends no cookies) can subscribe to a 繁體 feed and a 繁體 link can be shared.
"""

from __future__ import annotations

from django.http import HttpRequest

SCRIPT_COOKIE = "gk_script"  # "hans" (default) or "hant"
LARGE_COOKIE = "gk_large"  # "1" when 适老化 large-font high-contrast mode is on
SCRIPT_PARAM = "script"


def wants_traditional(request: HttpRequest) -> bool:
    forced = request.GET.get(SCRIPT_PARAM)
    if forced in {"hans", "hant"}:
        return forced == "hant"
    return request.COOKIES.get(SCRIPT_COOKIE) == "hant"


def wants_large(request: HttpRequest) -> bool:
    return request.COOKIES.get(LARGE_COOKIE) == "1"
