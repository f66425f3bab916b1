"""Portal lists count up to a cap (`pagination.COUNT_CAP`, 10,000 in production; a few here) and
say “超过 …” beyond it, with the first `cap` rows still paged through; exact below the cap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.portal import pagination, selectors
from gongkai.portal.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(make_item: Callable[..., Item]) -> list[Item]:
    return [
        make_item(title=f"封顶测试{n}", kind="policy", doc_number=f"测试发〔2024〕{n + 1}号")
        for n in range(7)
    ]


def test_exact_up_to_the_cap(seven: list[Item]) -> None:
    for cap in (7, 8, 100):
        paginator = CappedPaginator(Item.objects.all(), 2, cap=cap)
        assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 4)


def test_beyond_the_cap_counts_the_cap(seven: list[Item]) -> None:
    paginator = CappedPaginator(Item.objects.order_by("pk"), 2, cap=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    last = paginator.page(3)
    assert [i.title for i in last] == ["封顶测试4"]  # the first five rows, in the list's order
    assert not last.has_next()


def test_the_pages_say_more_than_the_cap(
    client: Any, seven: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "COUNT_CAP", 4)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    browse = client.get(reverse("portal:browse")).content.decode()
    assert "找到超过 4 条公开信息" in browse and "共找到" not in browse
    assert "超过 4 条（列出前 4 条" in browse and "第 1 / 2 页" in browse
    column = client.get(seven[0].column.get_absolute_url()).content.decode()
    assert "超过 4 条" in column
    policies = client.get(reverse("portal:policies")).content.decode()
    assert "找到超过 4 件政策文件" in policies


def test_the_pages_count_exactly_under_the_cap(
    client: Any, seven: list[Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "COUNT_CAP", 7)
    browse = client.get(reverse("portal:browse")).content.decode()
    assert "共找到 7 条公开信息" in browse and "超过" not in browse
