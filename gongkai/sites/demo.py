"""Demo sites (issue 20 §6: "two department sites on their own host names"): the city portal on
the hosts `make run` serves (127.0.0.1, localhost) and two department sites on *.localhost host
names, which browsers resolve to the loopback address, so one `gongkai serve` shows all three.
The identity numbers are fictional, as the demo city's (division 990100 does not exist)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gongkai.orgs.models import Organ
from gongkai.sites import rules
from gongkai.sites.models import Layout, Site
from gongkai.sites.services import SiteFields, site_save

#: Column kinds of the departments' home pages: their own policies and statutory content.
DEPARTMENT_HOME = ("policy", "interpretation", "statutory")


def build_sites(
    *,
    actor: object,
    city: Organ,
    identity: Mapping[str, str],
    departments: Sequence[tuple[str, Organ]],
    city_hosts: Sequence[str] = ("127.0.0.1", "localhost"),
) -> list[Site]:
    """The primary city site with `identity` (the site file's keys SITE_NAME, SITE_SPONSOR, …)
    and one site per (host prefix, organ) in `departments`, on `<prefix>.localhost`."""
    made = [
        site_save(
            actor=actor,  # type: ignore[arg-type]
            fields=SiteFields(
                name=identity.get("SITE_NAME", city.name),
                root_organ=city,
                hosts=tuple(city_hosts),
                sponsor=identity.get("SITE_SPONSOR", ""),
                contact=identity.get("SITE_CONTACT", ""),
                id_code=identity.get("SITE_ID_CODE", ""),
                icp=identity.get("SITE_ICP", ""),
                psb=identity.get("SITE_PSB", ""),
                is_primary=True,
            ),
        )
    ]
    city_code = identity.get("SITE_ID_CODE", "")
    colours = [c for c, _name in rules.PALETTE[4:]]
    for n, (prefix, organ) in enumerate(departments, start=1):
        made.append(
            site_save(
                actor=actor,  # type: ignore[arg-type]
                fields=SiteFields(
                    name=f"{organ.name}网站",
                    root_organ=organ,
                    hosts=(f"{prefix}.localhost",),
                    sponsor=organ.name,
                    contact=organ.gio_phone,
                    id_code=f"{city_code[:6]}{n + 1:04d}" if len(city_code) == 10 else "",
                    icp=identity.get("SITE_ICP", ""),
                    psb=identity.get("SITE_PSB", ""),
                    colour=colours[(n - 1) % len(colours)],
                    layout=Layout.TWO if n % 2 else Layout.SINGLE,
                    home_kinds=DEPARTMENT_HOME,
                ),
            )
        )
    return made
