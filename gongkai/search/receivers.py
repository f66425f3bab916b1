"""Index updates: the catalog sends `item_public_changed` on commit; we queue a task."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from gongkai.catalog.models import Column
from gongkai.catalog.signals import item_public_changed
from gongkai.orgs.models import Organ

log = logging.getLogger("gongkai.search")


@receiver(item_public_changed, dispatch_uid="gongkai.search.index_on_change")
def queue_index_update(sender: Any, item_id: int, **kwargs: Any) -> None:
    from gongkai.search.tasks import index_item_task

    try:
        index_item_task.enqueue(item_id)
    except Exception:
        log.exception("无法为信息 %s 安排检索索引更新；请运行 gongkai search verify。", item_id)


# Item entries carry their organ chain's and column chain's names (and the organ tree for the
# subtree filter), so renaming or moving an organ or a column re-indexes the items below it.
_INDEXED_FIELDS = {Organ: ("name", "short_name", "parent_id"), Column: ("name", "parent_id")}


@receiver(pre_save, sender=Organ, dispatch_uid="gongkai.search.organ_before")
@receiver(pre_save, sender=Column, dispatch_uid="gongkai.search.column_before")
def remember_indexed_fields(sender: Any, instance: Any, **kwargs: Any) -> None:
    fields = _INDEXED_FIELDS[sender]
    old = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._search_before = old


@receiver(post_save, sender=Organ, dispatch_uid="gongkai.search.organ_after")
@receiver(post_save, sender=Column, dispatch_uid="gongkai.search.column_after")
def refresh_items_below(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    old = getattr(instance, "_search_before", None)
    if created or old is None:
        return
    if all(old[f] == getattr(instance, f) for f in _INDEXED_FIELDS[sender]):
        return
    from gongkai.search.tasks import refresh_below_task

    kind = "organ" if sender is Organ else "column"

    def queue() -> None:
        try:
            refresh_below_task.enqueue(kind, instance.pk)
        except Exception:
            log.exception(
                "无法安排检索索引更新（%s %s）；请运行 gongkai search verify。", kind, instance.pk
            )

    transaction.on_commit(queue)
