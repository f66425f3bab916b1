"""Fixtures of the register tests: a county government with a department, a person in each
post of the department, the department's number series, and a way to publish a policy item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Column, Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Organ
from gongkai.registers.models import NumberSeries
from gongkai.registers.services.register import series_set


@pytest.fixture
def county(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("岚山县人力资源和社会保障局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def people(make_user: Callable[..., Any], county: Organ, dept: Organ) -> dict[str, Any]:
    return {
        "office": make_user("rg-office", organ=county, roles=("organ_admin",)),
        "editor": make_user("rg-editor", organ=dept, roles=("editor",)),
        "secrecy": make_user("rg-secrecy", organ=dept, roles=("secrecy",)),
        "approver": make_user("rg-approver", organ=dept, roles=("approver",)),
        "admin": make_user("rg-admin", organ=dept, roles=("organ_admin",)),
        "outsider": make_user("rg-outsider"),
    }


@pytest.fixture
def series(people: dict[str, Any], dept: Organ) -> NumberSeries:
    return series_set(actor=people["admin"], organ=dept, agency="岚人社规")


@pytest.fixture
def policy(people: dict[str, Any], dept: Organ) -> Callable[..., Item]:
    """A 政策文件 of the department, published (or left a draft)."""

    def make(title: str = "岚山县就业补贴管理办法", *, published: bool = True) -> Item:
        column = Column.objects.get(organ=dept, code="policy")
        fields = ItemFields(title=title, formed_on=date(2026, 3, 2), body="<p>第一条 为规范……</p>")
        item = item_create(actor=people["editor"], organ=dept, column=column, fields=fields).item
        if not published:
            return item
        item = workflow.item_submit(actor=people["editor"], item=item)
        item = workflow.item_pass_secrecy(actor=people["secrecy"], item=item, opinion="同意公开。")
        return workflow.item_publish(actor=people["approver"], item=item)

    return make
