import re
from typing import Any

from django.http import HttpRequest

from gongkai.core.conf import gongkai_settings
from gongkai.portal.prefs import wants_large, wants_traditional


def reading_prefs(request: HttpRequest) -> dict[str, Any]:
    return {
        "script_hant": wants_traditional(request),
        "large_mode": wants_large(request),
        "site_name": gongkai_settings().SITE_NAME,
        "site": site_identity(),
    }


def site_identity() -> dict[str, str]:
    """What the 政府网站发展指引 asks every page to show (footer, SiteIDCode meta tag)."""
    conf = gongkai_settings()
    psb = conf.SITE_PSB
    return {
        "sponsor": conf.SITE_SPONSOR,
        "id_code": conf.SITE_ID_CODE,
        "icp": conf.SITE_ICP,
        "psb": psb,
        # The 公安 registry looks a site up by the digits of its number.
        "psb_code": "".join(re.findall(r"\d", psb)),
        "contact": conf.SITE_CONTACT,
    }
