"""Gap-free counters: one row per scope, locked while the number is taken.

Used for 索引号 serials and for application and letter numbers. The row stays locked until the
caller's transaction commits, so concurrent callers get consecutive numbers and a rolled-back
caller frees its number again.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def next_serial(model: type[models.Model], **scope: Any) -> int:
    """Increment and return `last_serial` of the row of `model` for `scope` (created at 0)."""
    model._default_manager.get_or_create(**scope)
    row: Any = model._default_manager.select_for_update().get(**scope)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return int(row.last_serial)
