"""The demo: schedules whose past periods were published on time, and exactly one overdue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Membership
from gongkai.periodic.demo import build_periodic
from gongkai.periodic.models import DatasetStatus, OccurrenceState
from gongkai.periodic.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_demo_has_one_overdue(
    organ: Any, staff: dict[str, Any], make_organ: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    finance = make_organ("测试市财政局")
    office = make_user("pd-office", organ=finance, roles=("organ_admin",))
    Membership.objects.create(user=office, organ=organ, role="organ_admin")
    made = build_periodic(
        welfare=organ,
        welfare_staff=staff,
        finance=finance,
        office=office,
        regions=["青岚区", "鹭溪县"],
        today=TODAY,
    )
    assert [s.template_code for s in made.schedules] == [
        "dibao-monthly",
        "relief-funds-quarterly",
        "department-budget",
    ]
    assert len(made.datasets) >= 5
    assert all(d.status == DatasetStatus.PUBLISHED for d in made.datasets)
    assert [(r.schedule.title, r.period.label) for r in made.overdue] == [
        ("城乡最低生活保障月度数据", "2026年4月")
    ]
    assert all(r.state == OccurrenceState.OVERDUE for r in made.overdue)
