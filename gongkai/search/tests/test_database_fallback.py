"""The database fallback loads its candidates once per search: the facets count the candidates
the match just loaded (each load is an `icontains` scan of the items, 63 s at scale)."""

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
