"""政务舆情: limits by level (settings), the response and its link, overdue, yearly counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.participation import selectors
from gongkai.participation.services import opinions as svc

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOTICED = datetime(2026, 3, 6, 22, 0, tzinfo=TZ)
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=TZ)


def _register(people: dict[str, Any], organ: Any, level: str, **kw: Any) -> Any:
    return svc.opinion_register(
        actor=people["editor"],
        organ=organ,
        topic=kw.pop("topic", "停水"),
        source="网络论坛",
        level=level,
        noticed_at=kw.pop("at", NOTICED),
        now=NOW,
    )


def test_limits_by_level(dept: Any, people: dict[str, Any], settings: Any) -> None:
    major = _register(people, dept, "major")
    assert major.response_due == NOTICED + timedelta(hours=5)
    assert major.press_due == NOTICED + timedelta(hours=24)
    general = _register(people, dept, "general")
    assert general.response_due == NOTICED + timedelta(hours=48) and general.press_due is None
    settings.GONGKAI = {
        **settings.GONGKAI,
        "PARTICIPATION_OPINION_RESPONSE_HOURS": {"critical": 2, "general": 24},
    }
    assert _register(people, dept, "critical").response_due == NOTICED + timedelta(hours=2)
    with pytest.raises(ValidationError, match="级别"):
        _register(people, dept, "tiny")
    with pytest.raises(ValidationError, match="不能晚于现在"):
        _register(people, dept, "general", at=NOW + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        svc.opinion_register(
            actor=people["stranger"],
            organ=dept,
            topic="x",
            source="y",
            level="general",
            noticed_at=NOTICED,
            now=NOW,
        )


def test_response_overdue_and_counts(dept: Any, people: dict[str, Any], publish_item: Any) -> None:
    late = _register(people, dept, "major", topic="化工厂异味")
    on_time = _register(people, dept, "general", topic="停水")
    waiting = _register(people, dept, "general", topic="道路塌陷", at=NOW - timedelta(hours=50))
    with pytest.raises(ValidationError, match="回应链接"):
        svc.opinion_respond(actor=people["editor"], opinion=on_time, responded_at=NOW)
    with pytest.raises(ValidationError, match="早于发现时间"):
        svc.opinion_respond(
            actor=people["editor"],
            opinion=on_time,
            responded_at=NOTICED - timedelta(hours=1),
            url="https://x.gov.cn/1",
        )
    item = publish_item("关于停水情况的说明")
    svc.opinion_respond(
        actor=people["editor"],
        opinion=on_time,
        responded_at=NOTICED + timedelta(hours=10),
        item=item,
    )
    svc.opinion_respond(
        actor=people["editor"],
        opinion=late,
        responded_at=NOTICED + timedelta(hours=8),
        url="https://x.gov.cn/2",
        press_at=NOTICED + timedelta(hours=20),
    )
    overdue = list(selectors.overdue_opinions(people["editor"], now=NOW))
    assert {o.topic for o in overdue} == {"化工厂异味", "道路塌陷"}
    assert waiting in overdue
    rows = {r.level: r for r in selectors.opinion_statistics(2026)}
    assert (rows["重大"].total, rows["重大"].on_time, rows["重大"].press) == (1, 0, 1)
    assert (rows["一般"].total, rows["一般"].responded, rows["一般"].on_time) == (2, 1, 1)
    assert selectors.overdue_opinions(people["stranger"], now=NOW).count() == 0
