"""Fixtures of the assessment tests: a city government (the 公开办) with two departments (the
shared `organ` fixture is overridden to be one of them, so `staff`, `make_draft` and `publish`
work in it), a county, and records of every kind dated in 2025, assessed as of 2026-03-01."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai.assessment.models import Scheme
from gongkai.assessment.services import scheme_create
from gongkai.orgs.models import Organ

YEAR = 2025
AS_OF = date(2026, 3, 1)
TZ = ZoneInfo("Asia/Shanghai")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def organ(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市人力资源和社会保障局", parent=city)


@pytest.fixture
def housing(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市住房和城乡建设局", parent=city)


@pytest.fixture
def office(make_user: Callable[..., Any], city: Organ) -> Any:
    return make_user("as-office", organ=city, roles=("organ_admin",))


@pytest.fixture
def outsider(make_user: Callable[..., Any], organ: Organ) -> Any:
    """The department's own 公开办管理员: assessed, not assessing."""
    return make_user("as-dept-admin", organ=organ, roles=("organ_admin",))


@pytest.fixture
def scheme(city: Organ, organ: Organ, housing: Organ, office: Any) -> Scheme:
    return scheme_create(actor=office, organ=city, year=YEAR)


@pytest.fixture
def published_item(
    make_draft: Callable[..., Any], publish: Callable[..., Any]
) -> Callable[..., Any]:
    """A published item formed on `formed` and published on `on` (the publication date is set
    after the workflow, which stamps the clock's date)."""
    from gongkai.catalog.models import Item

    def make(*, formed: date, on: date, **fields: Any) -> Any:
        item = publish(make_draft(formed_on=formed, **fields))
        Item.objects.filter(pk=item.pk).update(published_at=at(on))
        item.refresh_from_db()
        return item

    return make
