"""Answer the addresses of an imported old site (issue 19 §6): a request that would end in 404
and whose path (with its query) was a page of the old site gets a 301 to the imported item's
public page, so links and bookmarks to the old site keep working once its domain points here.
Only 404 responses to GET/HEAD are looked at, so no page of the platform is shadowed."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from gongkai.legacy.selectors import redirect_target


class LegacyRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        host = request.META.get("HTTP_HOST", "").rsplit(":", 1)[0]
        target = redirect_target(host=host, path=request.get_full_path()[:1000])
        return HttpResponsePermanentRedirect(target) if target else response
