"""/office/sites/: the city's 公开办 lists, adds and changes sites without a deploy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gongkai.orgs.models import Organ
from gongkai.sites.models import Site


def _form(organ: Organ, **over: Any) -> dict[str, Any]:
    data = {
        "name": "岚城市卫生健康委员会网站",
        "root_organ": organ.pk,
        "hosts": "wjw.localhost\n",
        "sponsor": "岚城市卫生健康委员会",
        "id_code": "9901000003",
        "colour": "#005f73",
        "layout": "single",
        "home_kinds": ["policy", "statutory"],
    }
    data.update(over)
    return data


def test_the_city_office_adds_a_site_served_at_once(
    login: Callable[[Any], Any], office: Any, platform: dict[str, Site], wjw: Organ
) -> None:
    client = login(office)
    page = client.get(reverse("office_sites:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "岚城市教育局网站" in html and "jyj.localhost" in html
    assert "岚城市人民政府信息公开平台（主站）" in html
    response = client.post(reverse("office_sites:new"), _form(wjw))
    assert response.status_code == 302
    site = Site.objects.get(name="岚城市卫生健康委员会网站")
    assert site.home_kinds == ["policy", "statutory"] and site.layout == "single"
    client.logout()
    home = client.get("/", HTTP_HOST="wjw.localhost").content.decode()
    assert "岚城市卫生健康委员会网站" in home and "网站标识码：9901000003" in home


def test_a_host_claimed_by_another_site_comes_back_with_the_message(
    login: Callable[[Any], Any], office: Any, platform: dict[str, Site], wjw: Organ
) -> None:
    client = login(office)
    response = client.post(
        reverse("office_sites:new"), _form(wjw, hosts="wjw.localhost\njyj.localhost")
    )
    assert response.status_code == 200
    assert "已被网站“岚城市教育局网站”使用" in response.content.decode()
    assert not Site.objects.filter(name="岚城市卫生健康委员会网站").exists()


def test_a_colour_outside_the_palette_is_refused(
    login: Callable[[Any], Any], office: Any, platform: dict[str, Site], wjw: Organ
) -> None:
    response = login(office).post(reverse("office_sites:new"), _form(wjw, colour="#ffcc00"))
    assert response.status_code == 200
    assert not Site.objects.filter(name="岚城市卫生健康委员会网站").exists()


def test_editing_a_site(
    login: Callable[[Any], Any], office: Any, platform: dict[str, Site], jyj: Organ
) -> None:
    client = login(office)
    site = platform["jyj"]
    page = client.get(reverse("office_sites:edit", args=[site.pk])).content.decode()
    assert "jyj.localhost" in page and "9901000002" in page
    data = _form(jyj, name="岚城教育网", hosts="edu.localhost", id_code="9901000002")
    assert client.post(reverse("office_sites:edit", args=[site.pk]), data).status_code == 302
    site.refresh_from_db()
    assert site.name == "岚城教育网"
    assert list(site.hosts.values_list("host", flat=True)) == ["edu.localhost"]


def test_others_are_refused(
    client: Any,
    login: Callable[[Any], Any],
    make_user: Callable[..., Any],
    platform: dict[str, Site],
    jyj: Organ,
) -> None:
    assert client.get(reverse("office_sites:index")).status_code == 302  # to the login page
    dept_admin = make_user("jyj-admin", organ=jyj, roles=("organ_admin",))
    client = login(dept_admin)
    assert client.get(reverse("office_sites:index")).status_code == 403
    assert client.post(reverse("office_sites:new"), _form(jyj)).status_code == 403
