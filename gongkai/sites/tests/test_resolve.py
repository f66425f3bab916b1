"""The registry: a site saved is seen by this process at once and by the others on commit (the
version in the shared cache), and a site change makes every cached page stale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory

from gongkai.core import cache_tags
from gongkai.core.cache_tags import SITE, STRUCTURE
from gongkai.orgs.models import Organ
from gongkai.sites import resolve
from gongkai.sites.models import Site


def _site_for(host: str) -> resolve.SiteInfo:
    return resolve.resolve_site(RequestFactory().get("/", HTTP_HOST=host))


def test_hosts_resolve_case_and_port_insensitively(platform: dict[str, Site]) -> None:
    assert _site_for("JYJ.localhost:8000").pk == platform["jyj"].pk
    assert _site_for("127.0.0.1:8000").pk == platform["city"].pk
    assert _site_for("localhost").pk == platform["city"].pk  # unknown: the primary site
    jyj = _site_for("jyj.localhost")
    assert jyj.root_path and jyj.home_kinds == ("policy",) and jyj.colour == "#1e6b3a"


def test_no_sites_is_the_site_file(settings: Any, db: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "SITE_NAME": "某平台"}
    site = _site_for("jyj.localhost")
    assert site.pk is None and site.name == "某平台" and site.root_path == ""
    assert site.covers("/1/2/")


@pytest.mark.django_db(transaction=True)
def test_a_site_change_bumps_the_registry_and_page_tags_on_commit(
    city: Organ, add_site: Callable[..., Site]
) -> None:
    tags = (resolve.SITES_TAG, SITE, STRUCTURE)
    before = cache_tags.current_versions(tags)
    assert before is not None
    site = add_site(city, ("127.0.0.1",))  # its own transaction, committed
    after = cache_tags.current_versions(tags)
    assert after is not None and all(after[t] != before[t] for t in tags)
    # Another process's copy: same version → kept; the bump makes it read the rows again.
    assert resolve.registry().primary is not None
    stale = resolve.registry()
    Site.objects.filter(pk=site.pk).update(name="改名")  # no signal: the version is unchanged
    assert resolve.registry() is stale
    cache_tags.bump(resolve.SITES_TAG)
    assert resolve.registry().primary.name == "改名"  # type: ignore[union-attr]
