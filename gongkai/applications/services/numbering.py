"""Per-organ, per-year serial numbers for applications and their letters (locked row, no gaps)."""

from __future__ import annotations

from gongkai.applications.models import DocumentSerial
from gongkai.orgs.models import Organ


def next_serial(*, organ: Organ, year: int, kind: str) -> int:
    """Reserve the next number; call inside a transaction (the row stays locked until commit)."""
    DocumentSerial.objects.get_or_create(organ=organ, year=year, kind=kind)
    row = DocumentSerial.objects.select_for_update().get(organ=organ, year=year, kind=kind)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return row.last_serial
