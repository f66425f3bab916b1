"""The request's site in every template: name, footer identity and the per-site stylesheet.

Listed after `portal.context_processors.reading_prefs` (config/settings/base.py), whose
`site_name` and `site` it replaces when the site is a `Site` row; for the site of the site
file it adds nothing, so a platform without sites renders exactly as before. Back-office pages
(/office/, /admin/) are the platform's, not a site's: nothing is added there.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from gongkai.sites.resolve import site_of

#: The back office and the admin are one for all sites (staff and workflow stay shared): they
#: keep the platform's name from the site file and read no site.
SHARED_PREFIXES = ("/office/", "/admin/")


def current_site(request: HttpRequest) -> dict[str, Any]:
    if request.path.startswith(SHARED_PREFIXES):
        return {}
    site = site_of(request)
    if not site.from_database:
        return {}
    return {
        "site_name": site.name,
        "site": {
            "sponsor": site.sponsor,
            "id_code": site.id_code,
            "icp": site.icp,
            "psb": site.psb,
            "psb_code": site.psb_code,
            "contact": site.contact,
        },
        "site_css": f"{reverse('sites:css')}?v={site.version}",
    }
