from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.portal.prefs import wants_large, wants_traditional


def reading_prefs(request: HttpRequest) -> dict[str, Any]:
    return {
        "script_hant": wants_traditional(request),
        "large_mode": wants_large(request),
        "site_name": settings.GONGKAI["SITE_NAME"],
    }
