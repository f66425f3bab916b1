"""Which site a request is for: the site registry and `SiteInfo`.

A request's Host names its site (`SiteHost`); an unknown host is the primary site's (the city
portal), and with no `Site` row at all the one site of the site file (`core/conf.py`), so a
deployment that never adds a site behaves exactly as before this app.

The registry (every site and its hosts, a few rows) is read once per process and kept while
its version in the shared cache stays the same: saving a site bumps the version on commit
(`receivers.py`), so every process of the deployment reads it again on its next request, and a
site added from the back office is served at once without a deploy. The version of
STRUCTURE is part of it too, as a site's subtree follows the organ tree. While the shared cache
fails, the registry is read from the database on every request (slower, never stale).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port

from gongkai.core import cache_tags
from gongkai.core.cache_tags import STRUCTURE
from gongkai.core.conf import gongkai_settings

#: Bumped when a site or a host changes (on commit).
SITES_TAG = "sites"


@dataclass(frozen=True)
class SiteInfo:
    """What the public pages need of a site; immutable, shared by the threads of a process."""

    pk: int | None
    name: str
    sponsor: str = ""
    contact: str = ""
    id_code: str = ""
    icp: str = ""
    psb: str = ""
    colour: str = ""
    layout: str = ""
    home_kinds: tuple[str, ...] = ()
    root_organ_id: int | None = None
    #: The root organ's path ("/1/5/"): the site shows the organs whose path starts with it.
    #: "" for the site of the site file: the whole platform.
    root_path: str = ""
    is_primary: bool = False
    hosts: tuple[str, ...] = ()
    #: Changes with the site's settings (the per-site stylesheet's URL carries it).
    version: str = ""

    @property
    def from_database(self) -> bool:
        return self.pk is not None

    @property
    def psb_code(self) -> str:
        # The 公安 registry looks a site up by the digits of its number.
        return "".join(re.findall(r"\d", self.psb))

    def covers(self, organ_path: str) -> bool:
        """Whether an organ (by its path) belongs to this site's content."""
        return not self.root_path or organ_path.startswith(self.root_path)


def file_site() -> SiteInfo:
    """The one site of the site file (no `Site` rows)."""
    conf = gongkai_settings()
    return SiteInfo(
        pk=None,
        name=conf.SITE_NAME,
        sponsor=conf.SITE_SPONSOR,
        contact=conf.SITE_CONTACT,
        id_code=conf.SITE_ID_CODE,
        icp=conf.SITE_ICP,
        psb=conf.SITE_PSB,
        is_primary=True,
    )


@dataclass(frozen=True)
class Registry:
    sites: tuple[SiteInfo, ...] = ()
    by_host: dict[str, SiteInfo] = field(default_factory=dict)
    primary: SiteInfo | None = None


def load_registry() -> Registry:
    from gongkai.sites.models import Site

    sites: list[SiteInfo] = []
    for site in Site.objects.select_related("root_organ").prefetch_related("hosts"):
        hosts = tuple(h.host for h in sorted(site.hosts.all(), key=lambda h: h.pk))
        stamp = site.updated_at.isoformat() if site.updated_at else ""
        raw = "|".join([str(site.pk), site.colour, site.layout, *site.home_kinds, stamp])
        sites.append(
            SiteInfo(
                pk=site.pk,
                name=site.name,
                sponsor=site.sponsor,
                contact=site.contact,
                id_code=site.id_code,
                icp=site.icp,
                psb=site.psb,
                colour=site.colour,
                layout=site.layout,
                home_kinds=tuple(site.home_kinds or ()),
                root_organ_id=site.root_organ_id,
                root_path=site.root_organ.path,
                is_primary=site.is_primary,
                hosts=hosts,
                version=hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:10],
            )
        )
    by_host = {host: info for info in sites for host in info.hosts}
    primary = next((s for s in sites if s.is_primary), None)
    return Registry(sites=tuple(sites), by_host=by_host, primary=primary)


_lock = threading.Lock()
_cached: tuple[tuple[str, ...], Registry] | None = None


def forget() -> None:
    """Drop this process's copy at once (a site saved here; the others follow the version)."""
    global _cached
    with _lock:
        _cached = None


def registry() -> Registry:
    global _cached
    versions = cache_tags.current_versions((SITES_TAG, STRUCTURE))
    if versions is None:
        return load_registry()
    key = (versions[SITES_TAG], versions[STRUCTURE])
    with _lock:
        cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    loaded = load_registry()
    with _lock:
        _cached = (key, loaded)
    return loaded


def request_host(request: HttpRequest) -> str:
    """The request's host name, lowercase and without port ("" when Django refuses it)."""
    try:
        raw = request.get_host()
    except DisallowedHost:
        return ""
    host, _port = split_domain_port(raw.lower())
    return host.rstrip(".")


def resolve_site(request: HttpRequest) -> SiteInfo:
    reg = registry()
    if not reg.sites:
        return file_site()
    return reg.by_host.get(request_host(request)) or reg.primary or file_site()


def site_of(request: Any) -> SiteInfo:
    """The request's site: set by `SiteMiddleware`, resolved here for requests built without
    it (RequestFactory in tests)."""
    site = getattr(request, "site", None)
    if isinstance(site, SiteInfo):
        return site
    site = resolve_site(request)
    setattr(request, "site", site)  # noqa: B010
    return site


def home_site_of(organ_path: str) -> SiteInfo | None:
    """The site whose content holds an organ: the primary site when it does, else the site of
    the nearest root above the organ; None when no site holds it."""
    reg = registry()
    holding = [s for s in reg.sites if s.covers(organ_path)]
    if not holding:
        return None
    if reg.primary is not None and reg.primary in holding:
        return reg.primary
    return max(holding, key=lambda s: len(s.root_path))
