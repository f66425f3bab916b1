"""The annual report follows its catalog item.

The item's writer (`gongkai.catalog.transitions.ITEM_MACHINE.fire`) sends `item_transitioned`
on commit after every item transition, so the report never follows a change that was rolled
back; `report_follow_item` maps the item's event to the report's (签发 → 已发布, 退回 → 草稿,
撤回 → 已撤回) and ignores the rest. Wired in `ReportsConfig.ready()`.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.catalog.signals import item_transitioned
from gongkai.reports.services import report_follow_item


@receiver(item_transitioned, dispatch_uid="reports.follow_item")
def follow_item(
    sender: Any,
    *,
    instance_id: int,
    event: str,
    actor_id: int | None = None,
    **kwargs: Any,
) -> None:
    report_follow_item(item_id=instance_id, item_event=str(event), item_actor_id=actor_id)
