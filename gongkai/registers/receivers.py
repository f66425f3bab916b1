"""What the registers do when something happens (wired in `RegistersConfig.ready`).

The lapse notices come from the daily job (`services/register.py`), in its own transaction.
Every entry transition (登记, 签发, 备案, 延续, 失效) changes what the item's public page shows
in its 规范性文件登记 panel (registers_tags.norm_register): the catalog's
`item_public_changed` is sent for the entry's item, so the portal's page cache and the search
index follow, as they do for the catalog's own changes."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.catalog.models import Item
from gongkai.catalog.signals import item_public_changed
from gongkai.registers.models import RegisterEntry
from gongkai.registers.signals import entry_transitioned


@receiver(entry_transitioned, dispatch_uid="gongkai.registers.entry_item_changed")
def entry_item_changed(sender: Any, instance_id: int, **kwargs: Any) -> None:
    # Sent on commit by the state machine: the entry and its item are there to read.
    item_id = RegisterEntry.objects.filter(pk=instance_id).values_list("item_id", flat=True).first()
    if item_id is not None:
        item_public_changed.send(sender=Item, item_id=item_id)
