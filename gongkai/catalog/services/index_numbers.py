"""索引号 generation (legal-rules §5.2): a configurable template, gap-free serials per organ.

The serial row is locked (SELECT … FOR UPDATE) inside the publishing transaction, so concurrent
publications in one organ get consecutive serials and a rolled-back publication frees its number.
"""

from __future__ import annotations

from datetime import date

from gongkai.catalog.models import IndexSerial
from gongkai.core.conf import gongkai_settings
from gongkai.core.serials import next_serial
from gongkai.orgs.models import Organ


def _period(day: date) -> str:
    reset = gongkai_settings().INDEX_SERIAL_RESET
    return f"{day:%Y%m}" if reset == "month" else f"{day:%Y}"


def next_index_number(*, organ: Organ, on: date) -> str:
    """Reserve the next serial for `organ` and render the template. Call inside a transaction."""
    serial = next_serial(IndexSerial, organ=organ, period=_period(on))
    template = gongkai_settings().INDEX_NUMBER_TEMPLATE
    return template.format(
        org_code9=organ.org_code,
        org_code=organ.org_code,
        uscc=organ.credit_code,
        yyyy=f"{on:%Y}",
        yyyymm=f"{on:%Y%m}",
        serial=serial,
    )
