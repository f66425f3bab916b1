"""Index updates: the catalog sends `item_public_changed` on commit; we queue a task."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from gongkai.catalog.signals import item_public_changed

log = logging.getLogger("gongkai.search")


@receiver(item_public_changed, dispatch_uid="gongkai.search.index_on_change")
def queue_index_update(sender: Any, item_id: int, **kwargs: Any) -> None:
    from gongkai.search.tasks import index_item_task

    try:
        index_item_task.enqueue(item_id)
    except Exception:
        log.exception("无法为信息 %s 安排检索索引更新；请运行 gongkai search verify。", item_id)
