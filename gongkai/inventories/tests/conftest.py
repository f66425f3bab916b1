"""Fixtures of the list tests: a county government with two departments, people in each post
of the first, an editor of the second (the outsider for the first's lists), and helpers that
publish a list through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from gongkai.inventories.models import InventoryVersion, Kind
from gongkai.inventories.services.versions import (
    EntryFields,
    draft_start,
    entry_save,
    version_publish,
)
from gongkai.orgs.models import Organ

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def county(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("岚山县人民政府", kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)


@pytest.fixture
def dept(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("岚山县市场监督管理局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def other(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("岚山县交通运输局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def people(
    make_user: Callable[..., Any], county: Organ, dept: Organ, other: Organ
) -> dict[str, Any]:
    return {
        "office": make_user("iv-office", organ=county, roles=("organ_admin",)),
        "editor": make_user("iv-editor", organ=dept, roles=("editor",), email="e@example.cn"),
        "approver": make_user("iv-approver", organ=dept, roles=("approver",)),
        "other": make_user("iv-other", organ=other, roles=("editor", "approver")),
    }


def power(name: str = "食品经营许可", **kw: Any) -> EntryFields:
    values: dict[str, Any] = {
        "name": name,
        "power_type": "行政许可",
        "basis": "《中华人民共和国食品安全法》第三十五条",
        "duties": "受理、审查、决定、送达",
        "accountability": "对不符合条件的申请准予许可的",
    }
    values.update(kw)
    return EntryFields(**values)


def withheld(name: str = "执法案卷中的举报人信息", **kw: Any) -> EntryFields:
    values: dict[str, Any] = {
        "name": name,
        "reason": "涉及举报人个人隐私，公开会对其合法权益造成损害。",
        "basis": "条例第十五条（商业秘密、个人隐私）",
        "review_months": 12,
        "next_review_on": date(2026, 12, 31),
    }
    values.update(kw)
    return EntryFields(**values)


@pytest.fixture
def publish(people: dict[str, Any], dept: Organ) -> Callable[..., InventoryVersion]:
    """Publish a list of `kind` with `entries` (a new version on the current one)."""

    def make(
        kind: str = Kind.POWERS,
        entries: tuple[EntryFields, ...] = (),
        change_log: str = "",
        organ: Organ | None = None,
    ) -> InventoryVersion:
        draft = draft_start(actor=people["editor"], organ=organ or dept, kind=kind)
        for fields in entries or (power(),):
            entry_save(actor=people["editor"], version=draft, fields=fields, today=TODAY)
        return version_publish(
            actor=people["approver"], version=draft, change_log=change_log, now=NOW
        )

    return make
