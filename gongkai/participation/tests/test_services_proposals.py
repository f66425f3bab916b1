"""建议提案: registration (deadline from 交办), the 办理复文 and its 公开属性, yearly counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.participation import selectors
from gongkai.participation.services import proposals as svc

pytestmark = pytest.mark.django_db


def _fields(**over: Any) -> svc.ProposalFields:
    values: dict[str, Any] = {
        "kind": "npc",
        "year": 2026,
        "number": "101",
        "title": "关于加快老旧小区改造的建议",
        "proposer": "李代表",
        "assigned_on": date(2026, 3, 10),
    }
    values.update(over)
    return svc.ProposalFields(**values)


def test_register_computes_the_deadline(
    dept: Any, city: Any, people: dict[str, Any], settings: Any
) -> None:
    p = svc.proposal_register(
        actor=people["editor"], organ=dept, fields=_fields(), co_organs=[city]
    )
    assert p.due_on == date(2026, 6, 10) and list(p.co_organs.all()) == [city]
    hard = svc.proposal_register(
        actor=people["editor"], organ=dept, fields=_fields(number="102", complex_matter=True)
    )
    assert hard.due_on == date(2026, 9, 10)
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_PROPOSAL_REPLY_MONTHS": 2}
    p2 = svc.proposal_register(actor=people["editor"], organ=dept, fields=_fields(number="103"))
    assert p2.due_on == date(2026, 5, 10)
    with pytest.raises(ValidationError, match="同一编号"):
        svc.proposal_register(actor=people["editor"], organ=dept, fields=_fields())
    with pytest.raises(ValidationError, match="协办单位"):
        svc.proposal_register(
            actor=people["editor"], organ=dept, fields=_fields(number="9"), co_organs=[dept]
        )
    with pytest.raises(PermissionDenied):
        svc.proposal_register(actor=people["stranger"], organ=dept, fields=_fields(number="8"))


def test_the_reply_and_its_disclosure(dept: Any, people: dict[str, Any], publish_item: Any) -> None:
    p = svc.proposal_register(actor=people["editor"], organ=dept, fields=_fields())
    unpublished = publish_item("内部复文", publish=False)
    with pytest.raises(ValidationError, match="请改为摘要公开"):
        svc.proposal_reply(
            actor=people["editor"],
            proposal=p,
            replied_on=date(2026, 5, 1),
            disclosure="full",
            item=unpublished,
        )
    with pytest.raises(ValidationError, match="须填写摘要"):
        svc.proposal_reply(
            actor=people["editor"],
            proposal=p,
            replied_on=date(2026, 5, 1),
            disclosure="summary",
            item=unpublished,
        )
    p = svc.proposal_reply(
        actor=people["editor"],
        proposal=p,
        replied_on=date(2026, 5, 1),
        disclosure="summary",
        item=unpublished,
        summary="已列入改造计划。",
    )
    assert not selectors.reply_is_full_text(p)
    item = publish_item("关于市人大代表第101号建议的答复")
    p = svc.proposal_reply(
        actor=people["editor"],
        proposal=p,
        replied_on=date(2026, 5, 2),
        disclosure="full",
        item=item,
    )
    assert selectors.reply_is_full_text(p) and list(selectors.public_proposals()) == [p]


def test_yearly_statistics_per_organ(dept: Any, city: Any, people: dict[str, Any]) -> None:
    office = people["office"]
    a = svc.proposal_register(actor=office, organ=dept, fields=_fields())
    svc.proposal_register(
        actor=office, organ=dept, fields=_fields(kind="cppcc", number="7"), co_organs=[city]
    )
    svc.proposal_register(actor=office, organ=city, fields=_fields(number="3"))
    svc.proposal_register(actor=office, organ=city, fields=_fields(number="4", year=2025))
    svc.proposal_reply(
        actor=office,
        proposal=a,
        replied_on=date(2026, 7, 1),
        disclosure="summary",
        summary="已办理。",
    )
    rows = {r.organ: r for r in selectors.proposal_statistics(2026)}
    assert rows[dept.name].npc == 1 and rows[dept.name].cppcc == 1
    assert rows[dept.name].replied == 1 and rows[dept.name].on_time == 0  # 7-01 > 6-10
    assert rows[city.name].total == 1 and rows[city.name].co_organised == 1
