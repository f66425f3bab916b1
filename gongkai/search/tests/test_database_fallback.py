"""The database fallback loads its candidates once per search: the facets count the candidates
the match just loaded (each load is an `icontains` scan of the items, 63 s at scale); and it
reads only the newest items (`SEARCH_FALLBACK_SCAN`), saying when older ones were left unread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.search import analysis
from gongkai.search.base import SearchRequest
from gongkai.search.database import DatabaseBackend

pytestmark = pytest.mark.django_db


def _candidate_loads(queries: list[dict[str, Any]]) -> int:
    return sum(1 for q in queries if "LIKE" in q["sql"] and "catalog_item" in q["sql"])


def test_one_load_for_hits_and_facets(publish_item: Callable[..., Any]) -> None:
    publish_item(title="关于就业补贴的通知")
    publish_item(title="关于就业见习的通知")
    publish_item(title="财政预算公开", body="<p>预算说明。</p>")
    backend = DatabaseBackend()
    request = SearchRequest(query=analysis.parse_query("就业"), facets=True)
    with CaptureQueriesContext(connection) as ctx:
        hits = backend.search(request)
    assert hits.total == 2 and hits.facets
    assert _candidate_loads(ctx.captured_queries) == 1


def test_each_search_reads_the_database_again(publish_item: Callable[..., Any]) -> None:
    backend = DatabaseBackend()
    request = SearchRequest(query=analysis.parse_query("就业"), facets=True)
    publish_item(title="关于就业补贴的通知")
    assert backend.search(request).total == 1
    publish_item(title="关于就业见习的通知")
    assert backend.search(request).total == 2


def test_only_the_newest_items_are_read_and_the_page_says_so(
    publish_item: Callable[..., Any], settings: Any
) -> None:
    """`SEARCH_FALLBACK_SCAN` bounds what a rare word makes the database read; a match among the
    older, unread items is missed and the results are marked incomplete (the page says so)."""
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_FALLBACK_SCAN": 2}
    old = publish_item(title="关于湿地保护的通知", body="<p>湿地保护。</p>")
    publish_item(title="财政预算公开", body="<p>预算说明。</p>")
    publish_item(title="关于就业见习的通知", body="<p>见习岗位。</p>")
    backend = DatabaseBackend()
    hits = backend.search(SearchRequest(query=analysis.parse_query("湿地"), facets=False))
    assert hits.total == 0 and hits.incomplete
    found = backend.search(SearchRequest(query=analysis.parse_query("就业"), facets=False))
    assert found.total == 1 and found.incomplete
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_FALLBACK_SCAN": 3}
    whole = backend.search(SearchRequest(query=analysis.parse_query("湿地"), facets=False))
    assert whole.total == 1 and not whole.incomplete and old.pk
