"""The page cache with several sites: each host is cached apart, and saving a site makes its
cached pages stale at once (the SITE and STRUCTURE tags bumped on commit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongkai.orgs.models import Organ
from gongkai.sites.models import Site
from gongkai.sites.services import SiteFields, site_save

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "PAGE_CACHE": True}


def test_hosts_are_cached_apart_and_a_site_change_is_never_served_stale(
    platform: dict[str, Site], jyj: Organ, office: Any
) -> None:
    client = Client()
    for host, name in (("jyj.localhost", "岚城市教育局网站"), ("127.0.0.1", "岚城市人民政府")):
        client.get("/", HTTP_HOST=host)
        hit = client.get("/", HTTP_HOST=host)
        assert hit["X-Gongkai-Cache"] == "hit" and name in hit.content.decode()
    assert "岚城市教育局网站" not in client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    site_save(
        actor=office,
        site=platform["jyj"],
        fields=SiteFields(name="岚城教育网", root_organ=jyj, hosts=("jyj.localhost",)),
    )
    page = client.get("/", HTTP_HOST="jyj.localhost")
    assert "X-Gongkai-Cache" not in page and "岚城教育网" in page.content.decode()


def test_a_cached_page_still_costs_no_query(
    platform: dict[str, Site], django_assert_num_queries: Callable[..., Any]
) -> None:
    client = Client()
    client.get("/", HTTP_HOST="jyj.localhost")
    with django_assert_num_queries(0):
        assert client.get("/", HTTP_HOST="jyj.localhost")["X-Gongkai-Cache"] == "hit"
