"""Per-organ, per-year serial numbers for applications and their letters (locked row, no gaps)."""

from __future__ import annotations

from gongkai.applications.models import DocumentSerial
from gongkai.core.serials import next_serial as _next
from gongkai.orgs.models import Organ


def next_serial(*, organ: Organ, year: int, kind: str) -> int:
    """Reserve the next number; call inside a transaction (the row stays locked until commit)."""
    return _next(DocumentSerial, organ=organ, year=year, kind=kind)
