"""The 规范性文件 register: numbers, the records before 签发, 备案, lapse and renewal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog.models import Item, Validity
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.registers.models import CheckKind, EntryStatus, NumberSeries, RegisterEntry
from gongkai.registers.services.register import (
    check_record,
    entry_file,
    entry_register,
    entry_renew,
    entry_sign,
    registers_lapse_due,
    series_set,
)

pytestmark = pytest.mark.django_db


def _checks(entry: RegisterEntry, actor: Any) -> None:
    check_record(
        actor=actor,
        entry=entry,
        kind=CheckKind.LEGALITY,
        held_on=date(2026, 3, 3),
        body="县司法局",
        conclusion="经审核，未发现违法内容。",
    )
    check_record(
        actor=actor,
        entry=entry,
        kind=CheckKind.COLLECTIVE,
        held_on=date(2026, 3, 4),
        body="局党组会议",
        conclusion="审议通过。",
    )


def test_numbers_are_taken_in_turn_in_the_series_format(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    first = entry_register(actor=people["editor"], item=policy("一"), year=2026).entry
    second = entry_register(actor=people["editor"], item=policy("二"), year=2026).entry
    assert (first.number, second.number) == ("岚人社规〔2026〕1号", "岚人社规〔2026〕2号")
    assert first.status == EntryStatus.REGISTERED


def test_an_organ_sets_its_own_format(
    people: dict[str, Any], dept: Any, policy: Callable[..., Item]
) -> None:
    series_set(
        actor=people["admin"],
        organ=dept,
        agency="岚人社发",
        template="{agency}〔{year}〕第{serial}号",
    )
    entry = entry_register(actor=people["editor"], item=policy(), year=2026).entry
    assert entry.number == "岚人社发〔2026〕第1号"
    with pytest.raises(ValidationError, match="编号格式"):
        series_set(
            actor=people["admin"], organ=dept, agency="岚人社发", template="{agency}{serial}"
        )
    with pytest.raises(PermissionDenied):
        series_set(actor=people["editor"], organ=dept, agency="岚人社规")


def test_a_number_used_twice_is_refused(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    """Bad input of issue 19: a register number used twice."""
    entry_register(actor=people["editor"], item=policy("一"), number="岚人社规〔2026〕3号")
    second = policy("二")
    for typed in ("岚人社规〔2026〕3号", "岚人社规〔2026〕03号", "岚人社规[2026]3号"):
        with pytest.raises(ValidationError, match="已经登记过"):
            entry_register(actor=people["editor"], item=second, number=typed)
    assert not RegisterEntry.objects.filter(item=second).exists()
    # The series goes on after the number typed in, never handing it out again.
    assert entry_register(actor=people["editor"], item=second, year=2026).entry.number == (
        "岚人社规〔2026〕4号"
    )


def test_a_number_not_in_the_format_is_refused(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    with pytest.raises(ValidationError, match="不符合本机关的编号格式"):
        entry_register(actor=people["editor"], item=policy(), number="岚政规〔2026〕3号")


def test_without_a_series_or_the_post_registration_is_refused(
    people: dict[str, Any], policy: Callable[..., Item]
) -> None:
    with pytest.raises(ValidationError, match="尚未设置"):
        entry_register(actor=people["editor"], item=policy())
    with pytest.raises(PermissionDenied):
        entry_register(actor=people["outsider"], item=policy("二"))


def test_signing_needs_legality_review_and_collective_deliberation(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    entry = entry_register(actor=people["editor"], item=policy()).entry
    with pytest.raises(ValidationError, match="合法性审核、集体审议"):
        entry_sign(actor=people["approver"], entry=entry, signed_on=date(2026, 3, 5))
    check_record(
        actor=people["editor"],
        entry=entry,
        kind=CheckKind.LEGALITY,
        held_on=date(2026, 3, 3),
        body="县司法局",
        conclusion="合法。",
    )
    with pytest.raises(ValidationError, match="集体审议"):
        entry_sign(actor=people["approver"], entry=entry, signed_on=date(2026, 3, 5))
    with pytest.raises(ValidationError, match="意见或结论"):
        check_record(
            actor=people["editor"],
            entry=entry,
            kind=CheckKind.COLLECTIVE,
            held_on=date(2026, 3, 4),
            body="局党组会议",
            conclusion=" ",
        )
    check_record(
        actor=people["editor"],
        entry=entry,
        kind=CheckKind.COLLECTIVE,
        held_on=date(2026, 3, 4),
        body="局党组会议",
        conclusion="审议通过。",
    )
    with pytest.raises(PermissionDenied):
        entry_sign(actor=people["editor"], entry=entry, signed_on=date(2026, 3, 5))
    entry = entry_sign(
        actor=people["approver"],
        entry=entry,
        signed_on=date(2026, 3, 5),
        effective_on=date(2026, 4, 1),
    )
    assert entry.status == EntryStatus.SIGNED
    assert entry.expires_on == date(2031, 4, 1)  # default five years from 施行
    with pytest.raises(ValidationError, match="已签发"):
        check_record(
            actor=people["editor"],
            entry=entry,
            kind=CheckKind.LEGALITY,
            held_on=date(2026, 3, 3),
            body="x",
            conclusion="y",
        )
    entry = entry_file(
        actor=people["editor"],
        entry=entry,
        held_on=date(2026, 3, 20),
        body="岚山县人民政府",
        conclusion="已报送备案。",
    )
    assert entry.status == EntryStatus.FILED
    assert set(entry.checks.values_list("kind", flat=True)) == set(CheckKind.values)


def _signed(people: dict[str, Any], item: Item, effective_on: date) -> RegisterEntry:
    entry = entry_register(actor=people["editor"], item=item).entry
    _checks(entry, people["editor"])
    return entry_sign(
        actor=people["approver"], entry=entry, signed_on=effective_on, effective_on=effective_on
    )


def test_lapse_notice_sixty_days_ahead_then_lapse_on_the_date(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    item = policy()
    entry = _signed(people, item, date(2021, 6, 1))
    assert entry.expires_on == date(2026, 6, 1)
    assert registers_lapse_due(today=date(2026, 4, 1)) == {"notified": [], "lapsed": []}
    done = registers_lapse_due(today=date(2026, 4, 2))  # 60 days before
    assert done == {"notified": [entry.pk], "lapsed": []}
    notices = Notice.objects.filter(key=f"registers.lapse:{entry.pk}:2026-06-01")
    assert {n.recipient.username for n in notices} == {"rg-editor", "rg-approver", "rg-admin"}
    assert "2026年06月01日" in notices.first().body  # type: ignore[union-attr]
    assert registers_lapse_due(today=date(2026, 4, 3)) == {"notified": [], "lapsed": []}
    assert registers_lapse_due(today=date(2026, 5, 31))["lapsed"] == []
    assert registers_lapse_due(today=date(2026, 6, 1))["lapsed"] == [entry.pk]
    entry.refresh_from_db()
    item.refresh_from_db()
    assert entry.status == EntryStatus.LAPSED
    assert (item.validity, item.validity_changed_on) == (Validity.EXPIRED, date(2026, 6, 1))
    assert "有效期届满" in item.validity_note
    # The catalog's own transition, by the system: the item's 办理记录 says so.
    event = AuditEvent.objects.filter(action="item.expire").get()
    assert event.actor_id is None
    assert registers_lapse_due(today=date(2026, 6, 2)) == {"notified": [], "lapsed": []}


def test_a_renewed_document_does_not_lapse(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    item = policy()
    entry = _signed(people, item, date(2021, 6, 1))
    registers_lapse_due(today=date(2026, 4, 2))
    with pytest.raises(ValidationError, match="理由"):
        entry_renew(actor=people["approver"], entry=entry, reason="")
    with pytest.raises(PermissionDenied):
        entry_renew(actor=people["editor"], entry=entry, reason="评估后继续施行。")
    entry = entry_renew(actor=people["approver"], entry=entry, reason="评估后继续施行。")
    assert entry.expires_on == date(2031, 6, 1) and entry.lapse_notified_on is None
    assert registers_lapse_due(today=date(2026, 6, 1)) == {"notified": [], "lapsed": []}
    item.refresh_from_db()
    assert item.validity == Validity.VALID


def test_an_unpublished_item_lapses_in_the_register_only(
    people: dict[str, Any], series: NumberSeries, policy: Callable[..., Item]
) -> None:
    item = policy(published=False)
    entry = _signed(people, item, date(2020, 1, 1))
    assert registers_lapse_due(today=date(2026, 1, 1))["lapsed"] == [entry.pk]
    item.refresh_from_db()
    assert item.validity == Validity.VALID and item.status == "draft"
