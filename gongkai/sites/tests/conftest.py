"""Fixtures of the sites tests: a city with two departments, each with a published item, the
city's 公开办管理员, and a way to add sites."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Column, Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Organ
from gongkai.sites.models import Site
from gongkai.sites.services import SiteFields, site_save


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚城市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def jyj(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("岚城市教育局", parent=city)


@pytest.fixture
def wjw(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("岚城市卫生健康委员会", parent=city)


@pytest.fixture
def office(make_user: Callable[..., Any], city: Organ) -> Any:
    return make_user("city-office", organ=city, roles=("organ_admin",))


@pytest.fixture
def published(make_user: Callable[..., Any]) -> Callable[..., Item]:
    """A published 政策文件 of `organ` titled `title`."""

    def make(organ: Organ, title: str) -> Item:
        tag = f"{organ.pk}-{abs(hash(title)) % 10_000}"
        editor = make_user(f"ed-{tag}", organ=organ, roles=("editor",))
        secrecy = make_user(f"se-{tag}", organ=organ, roles=("secrecy",))
        approver = make_user(f"ap-{tag}", organ=organ, roles=("approver",))
        column = Column.objects.get(organ=organ, code="policy")
        fields = ItemFields(title=title, formed_on=date(2026, 3, 2), body="<p>第一条 为规范……</p>")
        item = item_create(actor=editor, organ=organ, column=column, fields=fields).item
        item = workflow.item_submit(actor=editor, item=item)
        item = workflow.item_pass_secrecy(actor=secrecy, item=item, opinion="同意公开。")
        return workflow.item_publish(actor=approver, item=item)

    return make


@pytest.fixture
def add_site(office: Any) -> Callable[..., Site]:
    def make(root: Organ, hosts: tuple[str, ...], name: str = "", **kw: Any) -> Site:
        actor = kw.pop("actor", office)
        fields = SiteFields(name=name or f"{root.name}网站", root_organ=root, hosts=hosts, **kw)
        return site_save(actor=actor, fields=fields)

    return make


@pytest.fixture
def platform(city: Organ, jyj: Organ, wjw: Organ, add_site: Callable[..., Site]) -> dict[str, Site]:
    """The city portal (primary) on 127.0.0.1 and testserver, the 教育局 on jyj.localhost."""
    return {
        "city": add_site(
            city,
            ("127.0.0.1", "testserver"),
            name="岚城市人民政府信息公开平台",
            id_code="9901000001",
            icp="岚ICP备20260001号",
            psb="岚公网安备 99010002000001号",
        ),
        "jyj": add_site(
            jyj,
            ("jyj.localhost",),
            name="岚城市教育局网站",
            id_code="9901000002",
            icp="岚ICP备20260002号",
            colour="#1e6b3a",
            home_kinds=("policy",),
        ),
    }
