"""负面清单 复核: recorded by key with the next date; the daily job tells the organ once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.inbox.models import Notice
from gongkai.inventories import selectors
from gongkai.inventories.models import InventoryVersion, Kind, NegativeReview, ReviewConclusion
from gongkai.inventories.services.reviews import review_record, reviews_due
from gongkai.inventories.services.versions import draft_start
from gongkai.inventories.tests.conftest import TODAY, withheld
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


@pytest.fixture
def negative(publish: Callable[..., InventoryVersion]) -> InventoryVersion:
    return publish(
        Kind.NEGATIVE,
        (
            withheld(next_review_on=date(2026, 2, 1)),  # due before TODAY
            withheld("内部人事考核过程材料", review_months=6, next_review_on=date(2026, 8, 1)),
        ),
    )


def _key(version: InventoryVersion, name: str) -> str:
    return version.entries.get(name=name).key


def test_the_job_tells_the_keepers_once_and_a_review_settles_it(
    people: dict[str, Any], negative: InventoryVersion
) -> None:
    inventory = negative.inventory
    assert [r.entry.name for r in selectors.due_reviews(None, today=TODAY)] == [
        "执法案卷中的举报人信息"
    ]
    assert reviews_due(today=TODAY) == {"notices": 1, "lists": 1}
    assert reviews_due(today=TODAY)["notices"] == 0  # idempotent
    notice = Notice.objects.get()
    assert notice.recipient == people["editor"] and "待复核" in notice.title
    review = review_record(
        actor=people["editor"],
        inventory=inventory,
        entry_key=_key(negative, "执法案卷中的举报人信息"),
        conclusion=ReviewConclusion.KEEP,
        note="仍涉及个人隐私，继续不予公开。",
        reviewed_on=TODAY,
        today=TODAY,
    )
    assert review.next_review_on == date(2027, 3, 2)  # the entry's 12 months
    assert selectors.due_reviews(None, today=TODAY) == []
    notice.refresh_from_db()
    assert notice.settled_at is not None


def test_a_new_version_keeps_the_review_dates(
    people: dict[str, Any], dept: Organ, negative: InventoryVersion
) -> None:
    key = _key(negative, "内部人事考核过程材料")
    review_record(
        actor=people["editor"],
        inventory=negative.inventory,
        entry_key=key,
        conclusion=ReviewConclusion.KEEP,
        note="过程性信息，继续不予公开。",
        reviewed_on=TODAY,
        today=TODAY,
    )
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.NEGATIVE)
    assert draft.entries.get(key=key).next_review_on == date(2026, 9, 2)  # 6 months on


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"note": " "}, "请填写复核意见"),
        ({"conclusion": "forget"}, "请选择复核结论"),
        ({"reviewed_on": date(2026, 3, 3)}, "不能晚于今天"),
        ({"next_review_on": date(2026, 3, 1)}, "应晚于本次复核日期"),
        ({"entry_key": "nope"}, "没有该事项"),
    ],
)
def test_bad_reviews_are_refused(
    people: dict[str, Any], negative: InventoryVersion, kw: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {
        "entry_key": _key(negative, "执法案卷中的举报人信息"),
        "conclusion": ReviewConclusion.KEEP,
        "note": "继续不予公开。",
        "reviewed_on": TODAY,
        **kw,
    }
    with pytest.raises(ValidationError, match=message):
        review_record(actor=people["editor"], inventory=negative.inventory, today=TODAY, **values)
    assert not NegativeReview.objects.exists()


def test_another_organs_staff_may_not_review(
    people: dict[str, Any], negative: InventoryVersion
) -> None:
    with pytest.raises(PermissionDenied):
        review_record(
            actor=people["other"],
            inventory=negative.inventory,
            entry_key=_key(negative, "执法案卷中的举报人信息"),
            conclusion=ReviewConclusion.KEEP,
            note="x",
            reviewed_on=TODAY,
            today=TODAY,
        )
