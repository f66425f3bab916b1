"""The per-site stylesheet (/site.css): the site's theme colour and home page layout.

A stylesheet rather than a <style> element or style attributes, so that the pages keep working
under a Content-Security-Policy without 'unsafe-inline' for styles (core/security_headers.py
allows it today for a few attributes). Its URL carries the site's version (`?v=`), so it can be
cached by browsers for a day and still changes at once when the site is saved.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from gongkai.sites import rules
from gongkai.sites.models import Layout
from gongkai.sites.resolve import site_of

_LAYOUTS = {
    Layout.GRID: "",
    Layout.TWO: ".home-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }\n"
    "@media (max-width: 720px) { .home-grid { grid-template-columns: 1fr; } }\n",
    Layout.SINGLE: ".home-grid { grid-template-columns: 1fr; }\n",
}


@require_GET
@cache_control(max_age=86400, public=True)
def site_css(request: HttpRequest) -> HttpResponse:
    site = site_of(request)
    css = ""
    if site.from_database and not rules.colour_problem(site.colour):
        # Both shades keep AA contrast with the white header text (rules.colour_problem).
        css += f":root {{ --accent: {site.colour}; --accent-dark: {rules.darker(site.colour)}; }}\n"
        css += _LAYOUTS.get(Layout(site.layout), "") if site.layout in Layout.values else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Vary"] = "Host"
    return response
