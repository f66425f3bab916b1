"""What the catalog does when something below it happens (wired in `CatalogConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.catalog.notices import item_notify
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
