"""Reader preferences (简/繁, 适老化) are remembered for a year in cookies; no account needed.

The two forms are on every public page, which the page cache stores once for all readers
(`portal/pagecache.py`): they carry no CSRF token, and these views are exempt. What a forged
request could do is switch a reader's script or font size, which the reader sees and switches
back; nothing is read or changed on the server.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.portal.prefs import LARGE_COOKIE, SCRIPT_COOKIE

ONE_YEAR = 365 * 24 * 3600


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def _without_script_param(url: str) -> str:
    """Drop `?script=` so the choice just made is not overridden by the address (see prefs)."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query.pop("script", None)
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


@csrf_exempt
@require_POST
def set_script(request: HttpRequest) -> HttpResponse:
    response = _back(request)
    response["Location"] = _without_script_param(response["Location"])
    value = "hant" if request.POST.get("script") == "hant" else "hans"
    response.set_cookie(SCRIPT_COOKIE, value, max_age=ONE_YEAR, samesite="Lax")
    return response


@csrf_exempt
@require_POST
def set_large(request: HttpRequest) -> HttpResponse:
    response = _back(request)
    value = "1" if request.POST.get("large") == "1" else "0"
    response.set_cookie(LARGE_COOKIE, value, max_age=ONE_YEAR, samesite="Lax")
    return response
