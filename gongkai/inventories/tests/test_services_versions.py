"""Versions: a draft is edited, published with a change log from version 2 on; a published
version is never edited in place; refusals write nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.models import AuditEvent
from gongkai.inventories import selectors
from gongkai.inventories.diff import ADDED, CHANGED, REMOVED
from gongkai.inventories.models import Entry, InventoryVersion, Kind, VersionStatus
from gongkai.inventories.services.versions import (
    EntryFields,
    draft_discard,
    draft_start,
    entry_remove,
    entry_save,
    version_publish,
)
from gongkai.inventories.tests.conftest import NOW, TODAY, power, withheld
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def test_publish_copy_change_and_publish_again(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    v1 = publish(Kind.POWERS, (power(), power("广告发布登记", basis="《广告法》第四十六条")))
    assert v1.number == 1 and v1.status == VersionStatus.PUBLISHED and v1.published_at == NOW
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    assert draft.number == 2 and draft.based_on == v1
    copied = {e.name: e for e in draft.entries.all()}
    assert set(copied) == {"食品经营许可", "广告发布登记"}
    # Keys survive the copy: that is how the change list matches entries.
    assert {e.key for e in copied.values()} == {e.key for e in v1.entries.all()}
    entry_save(
        actor=people["editor"],
        version=draft,
        entry=copied["食品经营许可"],
        fields=power(basis="《食品安全法》第三十五条、《食品经营许可和备案管理办法》"),
    )
    entry_remove(actor=people["editor"], entry=copied["广告发布登记"])
    entry_save(actor=people["editor"], version=draft, fields=power("特种设备使用登记"))
    v2 = version_publish(
        actor=people["approver"], version=draft, change_log="依据新办法调整。", now=NOW
    )
    v1.refresh_from_db()
    assert v2.status == VersionStatus.PUBLISHED and v1.status == VersionStatus.SUPERSEDED
    assert v1.superseded_at == NOW
    kinds = [(c.kind, c.name) for c in selectors.changes_of(v2)]
    assert kinds == [
        (CHANGED, "食品经营许可"),
        (ADDED, "特种设备使用登记"),
        (REMOVED, "广告发布登记"),
    ]
    # v1 is untouched: its entries are its own rows.
    assert sorted(e.name for e in v1.entries.all()) == ["广告发布登记", "食品经营许可"]
    history = selectors.history(v2.inventory)
    assert [h.version.number for h in history] == [2, 1]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "inventory_version.create",
        "inventory_version.publish",
        "inventory_version.supersede",
        "inventory_entry.save",
        "inventory_entry.remove",
    } <= actions


def test_publishing_version_two_without_a_change_log_is_refused(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    v1 = publish()
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    entry_save(actor=people["editor"], version=draft, fields=power("计量器具强制检定"))
    with pytest.raises(ValidationError) as caught:
        version_publish(actor=people["approver"], version=draft, change_log="  ", now=NOW)
    assert "请填写修订说明" in str(caught.value)
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and v1.status == VersionStatus.PUBLISHED


def test_an_entry_without_its_basis_is_refused(people: dict[str, Any], dept: Organ) -> None:
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    with pytest.raises(ValidationError) as caught:
        entry_save(actor=people["editor"], version=draft, fields=power(basis="   "))
    assert "请填写实施依据" in str(caught.value)
    negative = draft_start(actor=people["editor"], organ=dept, kind=Kind.NEGATIVE)
    with pytest.raises(ValidationError) as caught:
        entry_save(actor=people["editor"], version=negative, fields=withheld(basis=""))
    assert "请填写依据条款" in str(caught.value)
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        (Kind.POWERS, power(power_type="行政指导"), "请选择事项类型"),
        (Kind.POWERS, power(name=""), "请填写事项名称"),
        (Kind.NEGATIVE, withheld(reason=""), "请填写不予公开理由"),
        (Kind.NEGATIVE, withheld(review_months=0), "复核周期应为正整数"),
        (Kind.SERVICES, EntryFields(name="x", basis="y", guide_id=999999), "本机关的办事指南"),
    ],
)
def test_bad_entries_are_refused(
    people: dict[str, Any], dept: Organ, kind: str, fields: EntryFields, message: str
) -> None:
    draft = draft_start(actor=people["editor"], organ=dept, kind=kind)
    with pytest.raises(ValidationError) as caught:
        entry_save(actor=people["editor"], version=draft, fields=fields)
    assert message in str(caught.value)


def test_a_published_version_is_never_edited_in_place(
    people: dict[str, Any], publish: Callable[..., InventoryVersion]
) -> None:
    v1 = publish()
    entry = v1.entries.get()
    with pytest.raises(ValidationError, match="不能直接修改"):
        entry_save(actor=people["editor"], version=v1, entry=entry, fields=power(name="改名"))
    with pytest.raises(ValidationError, match="不能直接修改"):
        entry_remove(actor=people["editor"], entry=entry)
    entry.refresh_from_db()
    assert entry.name == "食品经营许可"


def test_refused_publishes(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    empty = draft_start(actor=people["editor"], organ=dept, kind=Kind.SERVICES)
    with pytest.raises(ValidationError, match="没有任何事项"):
        version_publish(actor=people["approver"], version=empty, change_log="", now=NOW)
    publish()
    same = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    with pytest.raises(ValidationError, match="没有任何变化"):
        version_publish(actor=people["approver"], version=same, change_log="无", now=NOW)
    with pytest.raises(ValidationError, match="已有一份草稿"):
        draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)


def test_another_organs_staff_and_the_editor_may_not_publish(
    people: dict[str, Any], dept: Organ
) -> None:
    with pytest.raises(PermissionDenied):
        draft_start(actor=people["other"], organ=dept, kind=Kind.POWERS)
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    with pytest.raises(PermissionDenied):
        entry_save(actor=people["other"], version=draft, fields=power())
    entry_save(actor=people["editor"], version=draft, fields=power())
    with pytest.raises(PermissionDenied):
        version_publish(actor=people["editor"], version=draft, change_log="", now=NOW)
    with pytest.raises(PermissionDenied):
        version_publish(actor=people["other"], version=draft, change_log="", now=NOW)
    # The county's 公开办管理员 covers the department.
    version_publish(actor=people["office"], version=draft, change_log="", now=NOW)


def test_discarding_a_draft_leaves_the_current_version(
    people: dict[str, Any], dept: Organ, publish: Callable[..., InventoryVersion]
) -> None:
    v1 = publish()
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    draft_discard(actor=people["editor"], version=draft)
    assert list(InventoryVersion.objects.values_list("number", flat=True)) == [v1.number]
    assert draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS).number == 2


def test_negative_entry_gets_its_review_date_from_the_period(
    people: dict[str, Any], dept: Organ
) -> None:
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.NEGATIVE)
    entry = entry_save(
        actor=people["editor"],
        version=draft,
        fields=withheld(review_months=6, next_review_on=None),
        today=TODAY,
    )
    assert entry.next_review_on is not None and entry.next_review_on.isoformat() == "2026-09-02"


def test_publish_makes_the_organs_pages_stale_on_commit(
    people: dict[str, Any],
    dept: Organ,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bumped: list[tuple[str, ...]] = []
    monkeypatch.setattr("gongkai.core.cache_tags.bump", lambda *tags: bumped.append(tags))
    draft = draft_start(actor=people["editor"], organ=dept, kind=Kind.POWERS)
    entry_save(actor=people["editor"], version=draft, fields=power())
    with django_capture_on_commit_callbacks(execute=True):
        version_publish(actor=people["approver"], version=draft, change_log="", now=NOW)
    assert any(f"organ:{dept.pk}" in tags for tags in bumped)
