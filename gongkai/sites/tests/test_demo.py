"""The demo's sites: the city portal on the hosts `make run` serves and two departments on
*.localhost host names (issue 20 §6)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gongkai.demo.site import SITE_IDENTITY
from gongkai.orgs.models import Organ
from gongkai.sites.demo import build_sites
from gongkai.sites.models import Site


def test_build_sites(client: Client, city: Organ, jyj: Organ, wjw: Organ, office: Any) -> None:
    made = build_sites(
        actor=office, city=city, identity=SITE_IDENTITY, departments=[("jyj", jyj), ("wjw", wjw)]
    )
    assert [s.name for s in made] == [
        SITE_IDENTITY["SITE_NAME"],
        "岚城市教育局网站",
        "岚城市卫生健康委员会网站",
    ]
    primary = Site.objects.get(is_primary=True)
    assert primary.id_code == SITE_IDENTITY["SITE_ID_CODE"]
    assert list(primary.hosts.values_list("host", flat=True)) == ["127.0.0.1", "localhost"]
    assert Site.objects.get(hosts__host="wjw.localhost").root_organ == wjw
    assert len({s.id_code for s in made}) == 3 and len({s.colour for s in made}) == 3
    assert "岚城市卫生健康委员会网站" in client.get("/", HTTP_HOST="wjw.localhost").content.decode()
    assert SITE_IDENTITY["SITE_NAME"] in client.get("/", HTTP_HOST="localhost").content.decode()
