"""`SiteMiddleware`: sets `request.site` (a `resolve.SiteInfo`) from the Host header.

Placed before the page cache (config/settings/base.py): a cached page is keyed by its host
already, and the site is known to every view and template. Host names are validated by Django
against ALLOWED_HOSTS first (`request.get_host()`); a site can only be given hosts the
deployment accepts (`rules.host_problem`), so a site added from the back office is served
without a deploy when the deployment allows its domain (docs/sites.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject

from gongkai.sites.resolve import home_site_of, resolve_site, site_of


class SiteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazy: resolved on first use, so a page from the cache, a static file or a form post
        # that shows no site costs no look-up.
        # setattr: django-stubs types request.site as django.contrib.sites' Site (not installed).
        setattr(request, "site", SimpleLazyObject(lambda: resolve_site(request)))  # noqa: B010
        return self.get_response(request)


def elsewhere(request: HttpRequest, organ_path: str) -> HttpResponse | None:
    """For a public page of an organ outside the request's site: a redirect (302) to the same
    page on the site that holds the organ (the primary site first), or 404 when none does.
    None when the organ is this site's. The target host comes from the registry, never from the
    request, so this is no open redirect."""
    site = site_of(request)
    if site.covers(organ_path):
        return None
    target = home_site_of(organ_path)
    if target is None or not target.hosts:
        raise Http404("该信息不属于本网站")
    # The port the reader used (the development server's), so the redirect stays reachable.
    _host, port = split_domain_port(request.get_host())
    default_port = "443" if request.is_secure() else "80"
    netloc = target.hosts[0] + ("" if port in ("", default_port) else f":{port}")
    return HttpResponseRedirect(f"{request.scheme}://{netloc}{request.get_full_path()}")
