"""What the catalog does when something below it happens (wired in `CatalogConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.catalog.models import Column, ItemKind
from gongkai.catalog.notices import item_notify
from gongkai.catalog.rules import is_policy_document
from gongkai.catalog.services.columns import columns_create_default
from gongkai.catalog.signals import item_transitioned
from gongkai.orgs.models import Organ
from gongkai.orgs.signals import organ_created


@receiver(organ_created, sender=Organ, dispatch_uid="catalog.columns_for_new_organ")
def give_new_organ_its_columns(sender: type[Organ], organ: Organ, **kwargs: Any) -> None:
    """Every organ gets the standard catalog columns (Art. 20–21, 国办发〔2019〕61号), in the
    transaction that creates it."""
    columns_create_default(organ=organ)


@receiver(item_transitioned, dispatch_uid="catalog.notify_inbox")
def tell_who_the_item_waits_for(
    sender: Any,
    *,
    instance_id: int,
    from_state: str = "",
    to_state: str = "",
    actor_id: int | None = None,
    **kwargs: Any,
) -> None:
    """等我处理 / 已退回 in the inbox (issue 13 §8), after the transition committed."""
    item_notify(
        item_id=instance_id, from_state=str(from_state), to_state=str(to_state), actor_id=actor_id
    )


@receiver(post_save, sender=Column, dispatch_uid="catalog.policy_document_follows_column")
def refresh_policy_documents(
    sender: type[Column],
    instance: Column,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """A column that becomes (or stops being) the 第二十条第（一）项 / 政策文件 column takes its
    items into (or out of) table 二: `Item.policy_document` follows `rules.is_policy_document`.
    One UPDATE, of the items whose flag is wrong (none when the kind and article did not change);
    items of kind 政策文件 count whatever their column."""
    if created or (update_fields is not None and not {"kind", "article"} & set(update_fields)):
        return
    flag = is_policy_document(kind=ItemKind.GENERAL, column=instance)
    instance.items.exclude(kind=ItemKind.POLICY).exclude(policy_document=flag).update(
        policy_document=flag
    )
