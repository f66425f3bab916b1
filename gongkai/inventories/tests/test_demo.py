"""The demo gives three departments their lists: one guide flagged, one review due, a v2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.inventories.demo import build_inventories
from gongkai.inventories.models import Inventory, Kind, VersionStatus
from gongkai.inventories.selectors import due_reviews, guides_missing_elements, history
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def test_lists_for_three_departments(
    make_organ: Callable[..., Organ], make_user: Callable[..., Any]
) -> None:
    city = make_organ("岚川市人民政府", kind=Organ.Kind.GOVERNMENT)
    departments = {
        key: make_organ(name, parent=city)
        for key, name in (("scjg", "市场监督管理局"), ("rsj", "人社局"), ("mzj", "民政局"))
    }
    office = make_user("demo-office", organ=city, roles=("organ_admin",))
    today = date(2026, 3, 2)
    counts = build_inventories(departments=departments, office=office, today=today)
    assert counts["departments"] == 3 and counts["flagged"] == 1 and counts["reviews_due"] == 1
    assert Inventory.objects.count() == 9
    flagged = guides_missing_elements(city)
    assert len(flagged) == 1 and flagged[0].missing == ["咨询电话"]
    assert flagged[0].guide.organ == departments["rsj"]
    due = due_reviews(None, today=today)
    assert len(due) == 1 and due[0].inventory.organ == departments["scjg"]
    powers = Inventory.objects.get(organ=departments["mzj"], kind=Kind.POWERS)
    rows = history(powers)
    assert [r.version.number for r in rows] == [2, 1]
    assert rows[0].version.status == VersionStatus.PUBLISHED and rows[0].version.change_log
    assert [c.name for c in rows[0].changes] == ["临时救助金给付"]
