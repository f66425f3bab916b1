"""Adding and changing sites: the bad inputs are refused in Chinese with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ
from gongkai.sites.models import Site, SiteHost
from gongkai.sites.services import SiteFields, site_save


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_the_first_site_is_the_primary_one_and_audited(
    city: Organ, office: Any, add_site: Callable[..., Site]
) -> None:
    site = add_site(city, ("WWW.Lancheng.localhost:8000", "127.0.0.1"))
    assert site.is_primary
    assert list(site.hosts.values_list("host", flat=True)) == [
        "www.lancheng.localhost",
        "127.0.0.1",
    ]
    event = AuditEvent.objects.get(action="site.create", object_id=str(site.pk))
    assert event.actor == office and event.organ_id == city.pk
    assert event.data["hosts"] == ["www.lancheng.localhost", "127.0.0.1"]


def test_a_host_name_claimed_by_two_sites_is_refused(
    platform: dict[str, Site], wjw: Organ, add_site: Callable[..., Site]
) -> None:
    """Issue 20, bad input: "a host name claimed by two sites"."""
    before = (Site.objects.count(), SiteHost.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        add_site(wjw, ("wjw.localhost", "JYJ.localhost:8000"))
    assert "域名“jyj.localhost”已被网站“岚城市教育局网站”使用" in _messages(exc)
    assert (Site.objects.count(), SiteHost.objects.count(), AuditEvent.objects.count()) == before


def test_a_host_given_twice_is_refused(
    city: Organ, wjw: Organ, add_site: Callable[..., Site]
) -> None:
    add_site(city, ("www.lancheng.localhost",))  # the primary site comes first
    with pytest.raises(ValidationError) as exc:
        add_site(wjw, ("wjw.localhost", "wjw.localhost:8000"))
    assert "重复填写" in _messages(exc)


def test_a_host_the_deployment_does_not_accept_is_refused(
    settings: Any, city: Organ, wjw: Organ, add_site: Callable[..., Site]
) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1", ".lancheng.gov.cn"]
    add_site(city, ("127.0.0.1",))  # the primary site comes first
    assert add_site(wjw, ("wjw.lancheng.gov.cn",)).hosts.get().host == "wjw.lancheng.gov.cn"
    with pytest.raises(ValidationError) as exc:
        add_site(wjw, ("wjw.elsewhere.cn",))
    assert "不在本部署允许的域名" in _messages(exc)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_code": "99010001"}, "网站标识码应为10位"),
        ({"id_code": "9901000001"}, "该网站标识码已由另一个网站使用"),
        ({"colour": "#ffcc00"}, "低于无障碍要求的 4.5:1"),
        ({"name": "  "}, "请填写网站名称"),
        ({"hosts": ()}, "请至少填写一个域名"),
        ({"hosts": ("not a host",)}, "不是有效的域名"),
        ({"layout": "fancy"}, "请选择首页版式"),
        ({"home_kinds": ("general",)}, "首页栏目只能从列出的栏目中选择"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    platform: dict[str, Site], wjw: Organ, office: Any, change: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {"name": "卫健委网站", "root_organ": wjw, "hosts": ("wjw.localhost",)}
    before = (Site.objects.count(), SiteHost.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        site_save(actor=office, fields=SiteFields(**{**values, **change}))
    assert message in _messages(exc)
    assert (Site.objects.count(), SiteHost.objects.count(), AuditEvent.objects.count()) == before


def test_editing_replaces_hosts_and_records_what_changed(
    platform: dict[str, Site], jyj: Organ, office: Any
) -> None:
    site = platform["jyj"]
    fields = SiteFields(
        name="岚城教育", root_organ=jyj, hosts=("edu.localhost", "jyj.localhost"), colour="#0b4a8f"
    )
    site_save(actor=office, site=site, fields=fields)
    site.refresh_from_db()
    assert site.name == "岚城教育" and site.colour == "#0b4a8f"
    assert list(site.hosts.values_list("host", flat=True)) == ["edu.localhost", "jyj.localhost"]
    event = AuditEvent.objects.filter(action="site.update").latest("pk")
    assert set(event.data["changed"]) >= {"name", "colour", "id_code"}
    # The host freed by an edit can be given to another site.
    site_save(
        actor=office,
        site=site,
        fields=SiteFields(**{**fields.__dict__, "hosts": ("edu.localhost",)}),
    )
    assert not SiteHost.objects.filter(host="jyj.localhost").exists()


def test_exactly_one_primary_site(
    platform: dict[str, Site], city: Organ, jyj: Organ, office: Any
) -> None:
    city_site, jyj_site = platform["city"], platform["jyj"]
    keep = SiteFields(name=city_site.name, root_organ=city, hosts=("127.0.0.1",), is_primary=False)
    with pytest.raises(ValidationError) as exc:
        site_save(actor=office, site=city_site, fields=keep)
    assert "必须保留一个主站" in _messages(exc)
    site_save(
        actor=office,
        site=jyj_site,
        fields=SiteFields(
            name=jyj_site.name, root_organ=jyj, hosts=("jyj.localhost",), is_primary=True
        ),
    )
    assert list(Site.objects.filter(is_primary=True)) == [jyj_site]
    assert AuditEvent.objects.filter(
        action="site.make_primary", object_id=str(jyj_site.pk)
    ).exists()


def test_only_the_city_office_or_a_superuser_manages_sites(
    platform: dict[str, Site],
    wjw: Organ,
    jyj: Organ,
    make_user: Callable[..., Any],
) -> None:
    dept_admin = make_user("wjw-admin", organ=wjw, roles=("organ_admin",))
    fields = SiteFields(name="卫健委网站", root_organ=wjw, hosts=("wjw.localhost",))
    with pytest.raises(PermissionDenied):
        site_save(actor=dept_admin, fields=fields)
    root = make_user("root", is_superuser=True)
    assert site_save(actor=root, fields=fields).root_organ == wjw


def test_before_the_first_site_a_departments_office_cannot_start_the_platform(
    city: Organ, wjw: Organ, make_user: Callable[..., Any]
) -> None:
    """Without a primary site yet, a department's 公开办管理员 rooting the first site at its own
    department would become the manager of every later site: refused, nothing written."""
    dept_admin = make_user("wjw-first", organ=wjw, roles=("organ_admin",))
    fields = SiteFields(name="卫健委网站", root_organ=wjw, hosts=("wjw.localhost",))
    with pytest.raises(PermissionDenied):
        site_save(actor=dept_admin, fields=fields)
    assert not Site.objects.exists()
    city_admin = make_user("city-first", organ=city, roles=("organ_admin",))
    city_fields = SiteFields(name="岚城市人民政府", root_organ=city, hosts=("www.localhost",))
    assert site_save(actor=city_admin, fields=city_fields).is_primary
