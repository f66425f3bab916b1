"""Connected in MonitorConfig.ready(): keep the approved text of what the catalog publishes."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from gongkai.catalog.signals import item_public_changed
from gongkai.monitor.services.integrity import approved_text_keep

log = logging.getLogger(__name__)


@receiver(item_public_changed, dispatch_uid="monitor_keep_approved_text")
def keep_approved_text(sender: Any, item_id: int, **kwargs: Any) -> None:
    try:
        approved_text_keep(item_id=item_id)
    except Exception:
        log.exception("monitor: could not keep the approved text of item %s", item_id)
