from decimal import Decimal

import pytest

from gongkai.applications.fees import fee_by_item, fee_by_volume, month_total_by_item


@pytest.mark.parametrize(
    ("n", "total"),
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300)],
)
def test_by_item_month_totals_match_spec_vectors(n: int, total: int) -> None:
    assert month_total_by_item(n) == Decimal(total)


def test_by_item_is_cumulative_across_applications_in_a_month() -> None:
    # 25 items earlier this month, 6 more now: items 26–31 → 5×100 + 1×200
    assert fee_by_item(items_before_in_month=25, items=6) == Decimal(700)
    assert fee_by_item(items_before_in_month=0, items=31) == fee_by_item(
        items_before_in_month=0, items=25
    ) + fee_by_item(items_before_in_month=25, items=6)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (1500, 54700)],
)
def test_by_volume_tiers(pages: int, fee: int) -> None:
    assert fee_by_volume(pages) == Decimal(fee)


def test_negative_counts_refused() -> None:
    with pytest.raises(ValueError):
        fee_by_volume(-1)
    with pytest.raises(ValueError):
        fee_by_item(items_before_in_month=-1, items=1)
