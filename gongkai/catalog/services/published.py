"""Changes to an item after its 签发 that keep its text: 恢复发布 and 有效性.

- 恢复发布: a withdrawn item goes back to 签发 (RESTORE → 待签发（恢复发布）); 签发 publishes it
  again under its 索引号 and first publication date (`workflow.item_publish`), or declines and it
  stays withdrawn. Meanwhile its public page still says it was withdrawn.
- 有效性 (已修改/已废止/已失效) of a normative document is part of what the public relies on
  (《条例》第二十条第（一）项; 国办发〔2019〕61号 on marking 有效性): 采编 propose the change with
  its date and note, 签发 approves or declines it; 签发 may also change it directly. The public
  page shows the 有效性 with its date (`portal/_item_notices.html`).

The text itself changes only through a revision (`gongkai.catalog.services.revisions`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Item, Status, Validity
from gongkai.catalog.signals import item_public_changed
from gongkai.catalog.transitions import ITEM_MACHINE, Event
from gongkai.core.actors import Actor, user_of


def notify_public_change(item: Item) -> None:
    """Search and portal caches follow the public text: `item_public_changed` on commit."""
    item_id = item.pk
    transaction.on_commit(lambda: item_public_changed.send(sender=Item, item_id=item_id))


# ---- 恢复发布 ----------------------------------------------------------------------------


@transaction.atomic
def item_restore(*, actor: Actor, item: Item, reason: str) -> Item:
    """申请恢复发布: a withdrawn item waits for 签发 again, with the reason in the 办理记录."""
    reason = reason.strip()
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check(actor, item, Event.RESTORE)
    if not reason:
        raise ValidationError("申请恢复发布时必须填写理由。")
    return ITEM_MACHINE.fire(actor=actor, obj=item, event=Event.RESTORE, comment=reason)


@transaction.atomic
def item_decline_restore(*, actor: Actor, item: Item, comment: str) -> Item:
    """签发 does not restore the item: it stays withdrawn, the reason in the 办理记录."""
    comment = comment.strip()
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check(actor, item, Event.DECLINE_RESTORE)
    if not comment:
        raise ValidationError("不同意恢复发布时必须填写意见。")
    return ITEM_MACHINE.fire(actor=actor, obj=item, event=Event.DECLINE_RESTORE, comment=comment)


# ---- 有效性 ------------------------------------------------------------------------------


def clear_validity_proposal(item: Item) -> None:
    item.validity_proposed = ""
    item.validity_proposed_on = None
    item.validity_proposed_note = ""
    item.validity_proposed_by = None
    item.validity_proposed_at = None


def _check_validity(item: Item, validity: str, changed_on: date | None, note: str) -> None:
    errors: dict[str, str] = {}
    if validity not in Validity.values:
        errors["validity"] = "请选择有效性。"
    elif validity != Validity.VALID and changed_on is None:
        errors["changed_on"] = "有效性为“已修改、已废止或已失效”时，请填写变更日期。"
    elif (validity, changed_on, note) == (
        item.validity,
        item.validity_changed_on,
        item.validity_note,
    ):
        errors["validity"] = f"有效性已是“{item.get_validity_display()}”，没有变化。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def validity_propose(
    *, actor: Actor, item: Item, validity: str, changed_on: date | None, note: str
) -> Item:
    """采编 提请变更有效性: the change waits for 签发; the public page is unchanged until then."""
    note = note.strip()
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check(actor, item, Event.PROPOSE_VALIDITY)
    if item.validity_proposed:
        raise ValidationError(
            f"已有待签发的有效性变更（拟改为“{item.get_validity_proposed_display()}”），"
            "请待签发人员处理后再提请。"
        )
    _check_validity(item, validity, changed_on, note)
    if not note:
        raise ValidationError({"note": "请填写效力说明（公开页面显示），例如：被某文件废止。"})
    item.validity_proposed = validity
    item.validity_proposed_on = changed_on
    item.validity_proposed_note = note
    item.validity_proposed_by = user_of(actor)
    item.validity_proposed_at = timezone.now()
    return ITEM_MACHINE.fire(
        actor=actor,
        obj=item,
        event=Event.PROPOSE_VALIDITY,
        comment=note,
        data={"to": validity, "changed_on": changed_on.isoformat() if changed_on else ""},
    )


def apply_validity(
    *,
    actor: Actor,
    item: Item,
    validity: str,
    changed_on: date | None,
    note: str,
    comment: str = "",
    event: Event = Event.VALIDITY,
) -> Item:
    """The change itself (签发's, or EXPIRE by the system): the caller holds the row lock.
    Settles any proposal."""
    ITEM_MACHINE.check(actor, item, event)
    _check_validity(item, validity, changed_on, note)
    proposed_by = item.validity_proposed_by_id
    before = item.validity
    item.validity = validity
    item.validity_changed_on = changed_on
    item.validity_note = note
    clear_validity_proposal(item)
    item.full_clean(exclude=["column", "organ"])
    data: dict[str, object] = {"from": before, "to": validity, "note": note}
    if proposed_by:
        data["proposed_by"] = proposed_by
    ITEM_MACHINE.fire(actor=actor, obj=item, event=event, comment=comment, data=data)
    if item.status == Status.PUBLISHED:
        notify_public_change(item)
    return item


@transaction.atomic
def validity_expire(*, item: Item, changed_on: date, note: str) -> Item:
    """有效期届满: the system marks an item 已失效 on the date its validity period ends (the
    register of 规范性文件 calls this from its daily job; nobody's approval is asked: the date
    was fixed when the document was issued). Actor: the system."""
    item = ITEM_MACHINE.lock(item)
    return apply_validity(
        actor=None,
        item=item,
        validity=Validity.EXPIRED,
        changed_on=changed_on,
        note=note.strip(),
        event=Event.EXPIRE,
    )


@transaction.atomic
def validity_approve(*, actor: Actor, item: Item, comment: str = "") -> Item:
    """签发 approves the proposed 有效性 change: the public page shows it from now on."""
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check_roles(actor, item, Event.VALIDITY)
    if not item.validity_proposed:
        raise ValidationError("没有待签发的有效性变更。")
    return apply_validity(
        actor=actor,
        item=item,
        validity=item.validity_proposed,
        changed_on=item.validity_proposed_on,
        note=item.validity_proposed_note,
        comment=comment.strip(),
    )


@transaction.atomic
def validity_decline(*, actor: Actor, item: Item, comment: str) -> Item:
    """签发 declines the proposal, saying why; the 有效性 stays as it is."""
    comment = comment.strip()
    item = ITEM_MACHINE.lock(item)
    ITEM_MACHINE.check(actor, item, Event.DECLINE_VALIDITY)
    if not item.validity_proposed:
        raise ValidationError("没有待签发的有效性变更。")
    if not comment:
        raise ValidationError("不同意有效性变更时必须填写意见。")
    proposed = item.validity_proposed
    clear_validity_proposal(item)
    return ITEM_MACHINE.fire(
        actor=actor,
        obj=item,
        event=Event.DECLINE_VALIDITY,
        comment=comment,
        data={"to": proposed},
    )
