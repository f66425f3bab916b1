"""Pages about the site itself: the HTML 网站地图, robots.txt and the favicon.

《政府网站发展指引》 (国办发〔2017〕47号) asks every government site for a 网站地图 readers can
use; the XML sitemap (`sitemap.xml`) stays for crawlers and is named in robots.txt.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from gongkai.portal import selectors

#: Areas crawlers are kept out of: staff pages, the admin, and a citizen's own case pages
#: (reachable only with a 查询码 anyway), and the settings forms of 简/繁 and 适老化.
ROBOTS_DISALLOW = ("/office/", "/admin/", "/apply/status/", "/prefs/")


@require_GET
def sitemap_page(request: HttpRequest) -> HttpResponse:
    """网站地图: every part of the site, and every organ's catalog and 公开指南."""
    context = {
        "forest": selectors.organ_forest(),
        "crumbs": [("首页", reverse("portal:home")), ("网站地图", None)],
        "column_name": "网站地图",
        "column_type": "网站地图",
    }
    return render(request, "portal/sitemap.html", context)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says; the file is a static one."""
    return HttpResponseRedirect(static("favicon.ico"))
