"""信息处理费 (国办函〔2020〕109号): tiers as data, excess-progressive, one method per application.

Art. 3: 按件 or 按量, never both on one application.
Art. 4: 按件 counts the applicant's items in one calendar month cumulatively.
Art. 5: 按量 counts pages of one application.
The banding of Art. 4(三) is a DERIVED reading (legal-rules §3), so both tables are data a
deployment can replace (`gongkai_settings().FEE_TIERS`, core/conf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.conf import gongkai_settings


@dataclass(frozen=True)
class Tier:
    """Units from `first` to `last` (inclusive; None = no end) cost `price` each."""

    first: int
    last: int | None
    price: Decimal


def _per_item_tiers(max_items: int = 10_000) -> list[Tier]:
    tiers = [Tier(1, 10, Decimal(0)), Tier(11, 30, Decimal(100))]
    # Art. 4(三): from item 31, each block of 10 items costs 100 yuan/item more than the last.
    start, price = 31, Decimal(200)
    while start <= max_items:
        tiers.append(Tier(start, start + 9, price))
        start += 10
        price += 100
    return tiers


PER_ITEM_TIERS: list[Tier] = _per_item_tiers()
PER_PAGE_TIERS: list[Tier] = [
    Tier(1, 30, Decimal(0)),
    Tier(31, 100, Decimal(10)),
    Tier(101, 200, Decimal(20)),
    Tier(201, None, Decimal(40)),
]


class FeeMethod:
    BY_ITEM = "by_item"
    BY_VOLUME = "by_volume"
    LABELS = {BY_ITEM: "按件计收", BY_VOLUME: "按量计收"}


def _tiers(method: str) -> list[Tier]:
    configured = gongkai_settings().FEE_TIERS.get(method)
    if configured:
        return [Tier(t[0], t[1], Decimal(str(t[2]))) for t in configured]
    return PER_ITEM_TIERS if method == FeeMethod.BY_ITEM else PER_PAGE_TIERS


def cost_of_units(first: int, last: int, tiers: list[Tier]) -> Decimal:
    """Total for units numbered first..last (1-based, inclusive) under excess-progressive tiers."""
    total = Decimal(0)
    for tier in tiers:
        lo = max(first, tier.first)
        hi = last if tier.last is None else min(last, tier.last)
        if hi >= lo:
            total += tier.price * (hi - lo + 1)
    return total


def fee_by_volume(pages: int) -> Decimal:
    """按量: pages of one application (Art. 5)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    return cost_of_units(1, pages, _tiers(FeeMethod.BY_VOLUME)) if pages else Decimal(0)


def fee_by_item(*, items_before_in_month: int, items: int) -> Decimal:
    """按件: fee for `items` new items when the applicant already had `items_before_in_month`
    items in the same calendar month (Art. 4, cumulative per applicant per 自然月)."""
    if items_before_in_month < 0 or items < 0:
        raise ValueError("件数不能为负数")
    if items == 0:
        return Decimal(0)
    first = items_before_in_month + 1
    return cost_of_units(first, items_before_in_month + items, _tiers(FeeMethod.BY_ITEM))


def month_total_by_item(n: int) -> Decimal:
    """Total 按件 fee for an applicant with n items in one calendar month."""
    return fee_by_item(items_before_in_month=0, items=n)
