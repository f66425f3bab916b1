"""网站监管 in the demo: the city's 公开办 has registered its own portal (this platform), so the
back office's 网站监管 page has a row from the first login and the hourly schedule of `make run`
inspects the demo site itself (issue 17 §8: a site served by gongkai passes every single-veto
indicator by construction). Built through the monitor's own service, as an official would."""

from __future__ import annotations

from gongkai.core.conf import gongkai_settings
from gongkai.demo.organs import DemoOrgan
from gongkai.monitor.models import Platform, SiteKind
from gongkai.monitor.services.sites import SiteFields, site_register
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import users_with_role

#: Where `make run` serves the demo when no office address is configured.
DEMO_SITE_URL = "http://127.0.0.1:8000/"


def build_monitor(*, organs: list[DemoOrgan]) -> int:
    """Register the city portal for monitoring; returns the number of sites registered."""
    city = next(d for d in organs if d.key == "city")
    admin = users_with_role(city.organ, [Role.ORGAN_ADMIN], inherited=False).order_by("pk").first()
    if admin is None:
        return 0
    base_url = (gongkai_settings().OFFICE_URL or DEMO_SITE_URL).rstrip("/") + "/"
    site_register(
        actor=admin,
        organ=city.organ,
        fields=SiteFields(
            name=f"{city.organ.name}门户网站",
            base_url=base_url,
            kind=SiteKind.PORTAL,
            platform=Platform.GONGKAI,
            max_pages=300,
        ),
    )
    return 1
