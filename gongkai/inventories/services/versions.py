"""Versions of a list and their entries (issue 19 §3: every change a new published version with
a change log).

- `draft_start` copies the current version (every entry keeps its key) into a new draft, or
  starts version 1 empty; an inventory has one draft at a time.
- `entry_save` / `entry_remove` change a draft only: a published version is never edited.
- `version_publish` publishes the draft: at least one entry, every entry complete, a change log
  from version 2 on, and a real change against the current version; the current version
  becomes 历史版本 in the same transaction, and the organ's portal pages are made stale on
  commit (cache tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.cache_tags import SITE, bump_on_commit
from gongkai.inventories import rules, selectors
from gongkai.inventories.audit import InventoriesAudit
from gongkai.inventories.models import (
    Entry,
    Inventory,
    InventoryVersion,
    Kind,
    ServiceGuide,
    VersionStatus,
    field_label,
)
from gongkai.inventories.transitions import KEEPERS, VERSION_MACHINE, VersionEvent
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles

NOT_DRAFT = "该版本已发布，不能直接修改；请先“复制为新草稿”，修改后再发布。"


def organ_tag(organ_id: int) -> str:
    """The portal's tag of an organ's pages (`portal.pagecache.organ_tag`, same spelling)."""
    return f"organ:{organ_id}"


def inventory_for(organ: Organ, kind: str) -> Inventory:
    if kind not in Kind.values:
        raise ValidationError("没有这种清单。")
    inventory, _ = Inventory.objects.get_or_create(organ=organ, kind=kind)
    return inventory


@transaction.atomic
def draft_start(*, actor: Actor, organ: Organ, kind: str) -> InventoryVersion:
    """新建草稿: a copy of the current version (empty for the first version)."""
    inventory = inventory_for(organ, kind)
    inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
    version = InventoryVersion(inventory=inventory, created_by=user_of(actor))
    VERSION_MACHINE.check(actor, version, VersionEvent.CREATE)
    if selectors.draft_version(inventory) is not None:
        raise ValidationError("该清单已有一份草稿，请在草稿上修改。")
    current = selectors.current_version(inventory)
    last = inventory.versions.aggregate(n=Max("number"))["n"] or 0
    version.number = last + 1
    version.based_on = current
    try:
        with transaction.atomic():
            VERSION_MACHINE.fire(
                actor=actor,
                obj=version,
                event=VersionEvent.CREATE,
                organ_id=organ.pk,
                data={
                    "kind": kind,
                    "number": version.number,
                    "based_on": current.number if current else None,
                },
            )
    except IntegrityError as exc:  # another person started one at the same moment
        raise ValidationError("该清单已有一份草稿，请在草稿上修改。") from exc
    if current is not None:
        review_dates = {}
        if kind == Kind.NEGATIVE:
            review_dates = {
                r.entry.key: r.next_review_on
                for r in selectors.review_rows(inventory, today=date.max)
            }
        copies = []
        for entry in selectors.entries_of(current):
            entry.pk = None
            entry.version = version
            if entry.key in review_dates:
                entry.next_review_on = review_dates[entry.key]
            copies.append(entry)
        Entry.objects.bulk_create(copies)
    return version


@dataclass(frozen=True)
class EntryFields:
    """What staff type for an entry; a kind uses some of them (`models.KIND_FIELDS`)."""

    name: str
    basis: str
    power_type: str = ""
    duties: str = ""
    accountability: str = ""
    audience: str = ""
    guide_id: int | None = None
    reason: str = ""
    review_months: int | None = None
    next_review_on: date | None = None


def _clean(kind: str, fields: EntryFields, organ: Organ) -> dict[str, object]:
    """The entry's values for its kind, or `ValidationError` naming each missing field."""
    values: dict[str, object] = {"name": fields.name.strip(), "basis": fields.basis.strip()}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = f"请填写{field_label(kind, 'name')}。"
    if not values["basis"]:
        errors["basis"] = f"请填写{field_label(kind, 'basis')}：清单事项须列明依据。"
    if kind == Kind.POWERS:
        values["power_type"] = fields.power_type.strip()
        values["duties"] = fields.duties.strip()
        values["accountability"] = fields.accountability.strip()
        if values["power_type"] not in rules.power_types():
            errors["power_type"] = "请选择事项类型：" + "、".join(rules.power_types()) + "。"
    elif kind == Kind.SERVICES:
        values["audience"] = fields.audience.strip()
        guide = None
        if fields.guide_id is not None:
            guide = ServiceGuide.objects.filter(pk=fields.guide_id, organ=organ).first()
            if guide is None:
                errors["guide"] = "只能关联本机关的办事指南。"
        values["guide"] = guide
    else:
        values["reason"] = fields.reason.strip()
        values["review_months"] = fields.review_months
        values["next_review_on"] = fields.next_review_on
        if not values["reason"]:
            errors["reason"] = "请填写不予公开理由。"
        if fields.review_months is not None and fields.review_months <= 0:
            errors["review_months"] = "复核周期应为正整数（月）。"
    if errors:
        raise ValidationError(errors)
    return values


def _lock_draft(actor: Actor, version: InventoryVersion) -> InventoryVersion:
    version = (
        InventoryVersion.objects.select_for_update()
        .select_related("inventory__organ")
        .get(pk=version.pk)
    )
    require_roles(
        actor,
        version.inventory.organ,
        KEEPERS,
        message="只有本机关的采编人员或公开办管理员可以修改清单。",
    )
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(NOT_DRAFT)
    return version


@transaction.atomic
def entry_save(
    *,
    actor: Actor,
    version: InventoryVersion,
    fields: EntryFields,
    entry: Entry | None = None,
    today: date | None = None,
) -> Entry:
    """Add an entry to a draft, or change one of its entries."""
    version = _lock_draft(actor, version)
    inventory = version.inventory
    values = _clean(inventory.kind, fields, inventory.organ)
    if inventory.kind == Kind.NEGATIVE and values["next_review_on"] is None:
        # No date typed: one period from today (`rules.next_review_date`).
        values["next_review_on"] = rules.next_review_date(
            reviewed_on=today or timezone.localdate(), months=fields.review_months
        )
    if entry is None:
        last = version.entries.aggregate(n=Max("position"))["n"] or 0
        entry = Entry(version=version, position=last + 1)
    elif entry.version_id != version.pk:
        raise ValidationError("该事项不属于这份草稿。")
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    audit_record(
        actor=actor,
        action=InventoriesAudit.ENTRY_SAVE,
        obj=version,
        organ_id=inventory.organ_id,
        data={"name": entry.name, "number": version.number},
    )
    return entry


@transaction.atomic
def entry_remove(*, actor: Actor, entry: Entry) -> None:
    version = _lock_draft(actor, entry.version)
    if entry.version_id != version.pk:
        raise ValidationError("该事项不属于这份草稿。")
    name = entry.name
    Entry.objects.filter(pk=entry.pk).delete()
    audit_record(
        actor=actor,
        action=InventoriesAudit.ENTRY_REMOVE,
        obj=version,
        organ_id=version.inventory.organ_id,
        data={"name": name, "number": version.number},
    )


@transaction.atomic
def draft_discard(*, actor: Actor, version: InventoryVersion) -> None:
    """删除草稿: the draft and its entries go; the published versions stay as they were."""
    version = _lock_draft(actor, version)
    audit_record(
        actor=actor,
        action=InventoriesAudit.DRAFT_DISCARD,
        obj=version.inventory,
        organ_id=version.inventory.organ_id,
        data={"number": version.number},
    )
    version.delete()


def _check_complete(kind: str, entries: list[Entry]) -> None:
    """Every entry as `entry_save` would accept it (rules may have changed since it was saved)."""
    problems = []
    for entry in entries:
        fields = EntryFields(
            name=entry.name,
            basis=entry.basis,
            power_type=entry.power_type,
            duties=entry.duties,
            accountability=entry.accountability,
            audience=entry.audience,
            guide_id=entry.guide_id,
            reason=entry.reason,
            review_months=entry.review_months,
            next_review_on=entry.next_review_on,
        )
        try:
            _clean(kind, fields, entry.version.inventory.organ)
        except ValidationError as exc:
            problems.append(f"“{entry.name or '（无名称）'}”：" + "".join(exc.messages))
    if problems:
        raise ValidationError("以下事项不完整，不能发布：" + "；".join(problems))


@transaction.atomic
def version_publish(
    *, actor: Actor, version: InventoryVersion, change_log: str, now: datetime | None = None
) -> InventoryVersion:
    """发布: the draft becomes the current version; the former current one 历史版本."""
    version = VERSION_MACHINE.lock(version)
    version = InventoryVersion.objects.select_related("inventory__organ").get(pk=version.pk)
    VERSION_MACHINE.check(actor, version, VersionEvent.PUBLISH)
    inventory = version.inventory
    change_log = change_log.strip()
    entries = selectors.entries_of(version)
    if not entries:
        raise ValidationError("清单没有任何事项，不能发布。")
    current = selectors.current_version(inventory)
    if version.number >= 2 and not change_log:
        raise ValidationError(
            {"change_log": "请填写修订说明：清单每次调整都须说明修订内容和理由。"}
        )
    changes = selectors.changes_of(version)
    if current is not None and not changes:
        raise ValidationError("草稿与现行版本相比没有任何变化，无需发布。")
    _check_complete(inventory.kind, entries)
    when = now or timezone.now()
    if current is not None:
        current = VERSION_MACHINE.lock(current)
        current.superseded_at = when
        VERSION_MACHINE.fire(
            actor=actor,
            obj=current,
            event=VersionEvent.SUPERSEDE,
            organ_id=inventory.organ_id,
            data={"number": current.number},
        )
    version.change_log = change_log
    version.published_at = when
    version.published_by = user_of(actor)
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
    VERSION_MACHINE.fire(
        actor=actor,
        obj=version,
        event=VersionEvent.PUBLISH,
        organ_id=inventory.organ_id,
        comment=change_log,
        data={"number": version.number, "entries": len(entries), **counts},
    )
    bump_on_commit(organ_tag(inventory.organ_id), SITE)
    return version


__all__ = [
    "EntryFields",
    "draft_discard",
    "draft_start",
    "entry_remove",
    "entry_save",
    "inventory_for",
    "version_publish",
]
