"""Portal lists whose count stops at a cap: a whole province's browse is millions of items, and
an exact `COUNT(*)` of them took 2.4 s at scale (docs/benchmarks.md, issue 16 §7) to print a
number no reader pages through. Past the cap the page says “超过 10,000 条” and offers the first
10,000; narrowing the filters gives exact counts again."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: Where counting stops (a reader pages 20 at a time: 500 pages).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A `Paginator` whose `count` is exact up to `cap` and `cap` beyond it (`capped` true).

    The database counts over `LIMIT cap + 1` (`COUNT(*) FROM (SELECT … LIMIT 10001)`), so the
    cost is bounded whatever the filter matches."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        """Rows up to cap + 1 (the one more tells "exactly cap" from "more than cap")."""
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a queryset: the order does not change a count
            return int(rows.order_by()[: self.cap + 1].count())
        return min(len(rows), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than were counted: the pages show the first `cap`."""
        return self._counted > self.cap

    @property
    def cap_label(self) -> str:
        return f"{self.cap:,}"
