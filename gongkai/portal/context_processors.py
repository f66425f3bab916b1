import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.portal.prefs import wants_large, wants_traditional


def reading_prefs(request: HttpRequest) -> dict[str, Any]:
    return {
        "script_hant": wants_traditional(request),
        "large_mode": wants_large(request),
        "site_name": settings.GONGKAI["SITE_NAME"],
        "site": site_identity(),
    }


def site_identity() -> dict[str, str]:
    """What the 政府网站发展指引 asks every page to show (footer, SiteIDCode meta tag)."""
    conf = settings.GONGKAI
    psb = str(conf.get("SITE_PSB", ""))
    return {
        "sponsor": str(conf.get("SITE_SPONSOR", "")),
        "id_code": str(conf.get("SITE_ID_CODE", "")),
        "icp": str(conf.get("SITE_ICP", "")),
        "psb": psb,
        # The 公安 registry looks a site up by the digits of its number.
        "psb_code": "".join(re.findall(r"\d", psb)),
        "contact": str(conf.get("SITE_CONTACT", "")),
    }
