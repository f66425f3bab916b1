"""Measurement half of `bench/pg_scale.py`: page and list times on the generated database
(Django test client, page cache off), the annual report of the province subtree, EXPLAIN of the
slowest statements. `python bench/pg_scale.py measure …` runs it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

# ---- measurement ------------------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], list[dict[str, Any]]]:
    """Run `fn` `repeat` times (after one warm-up); returns the times and the queries of the
    last run (sql, time) as Django records them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    queries: list[dict[str, Any]] = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        queries = list(ctx.captured_queries)
    return times, queries


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


def measure(
    *,
    repeat: int = 5,
    with_explain: bool = False,
    only: set[str] | None = None,
    log: Callable[[str], None] | None = None,
    jit: bool = True,
) -> dict[str, Any]:
    """Time the pages and the subtree report on the current database."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from gongkai.catalog.models import Column, Item
    from gongkai.orgs.models import Membership, Organ, Role
    from gongkai.reports.builders import SCOPE_SUBTREE, build_report_data

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    results: dict[str, Any] = {}
    if not jit:  # PostgreSQL's JIT compiles big scans (0.2–0.9 s each here): try without
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    province = Organ.objects.filter(parent__isnull=True, level="province").order_by("id").last()
    if province is None:
        raise RuntimeError("no province organ: run `generate` first")
    county = (
        Organ.objects.filter(path__startswith=province.path, level="county", kind="government")
        .order_by("id")
        .first()
        or province
    )
    column = (
        Column.objects.filter(organ=province, kind="policy", parent__isnull=True).first()
        or Column.objects.filter(organ=province).annotate(n=Count("items")).order_by("-n").first()
    )
    item = (
        Item.objects.filter(organ=province, status="published", attribute="proactive")
        .order_by("-published_at")
        .first()
    )

    user_model = get_user_model()

    def staff(name: str, organ: Organ) -> Any:
        user, _ = user_model.objects.get_or_create(username=name)
        Membership.objects.get_or_create(user=user, organ=organ, role=Role.ORGAN_ADMIN)
        return user

    county_admin = staff("scale_county_admin", county)
    province_admin = staff("scale_province_admin", province)

    overrides = {
        "CACHES": {"default": dummy, "pages": dummy},
        "DEBUG": False,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # The search page answered by the database fallback (what readers get while the index
        # is missing or rebuilding).
        "SEARCH_BACKENDS": {
            "default": {"BACKEND": "database"},
            "fallback": {"BACKEND": "database"},
        },
    }
    with override_settings(**overrides):
        pages: list[tuple[str, str, Any]] = [
            ("home", "/", None),
            ("column_list", f"/column/{column.pk}/" if column else "/", None),
            ("column_list_page_50", f"/column/{column.pk}/?page=50" if column else "/", None),
            ("item", f"/item/{item.pk}/" if item else "/", None),
            ("organ_items", f"/organ/{province.pk}/", None),
            ("organ_items_county", f"/organ/{county.pk}/", None),
            ("browse_subtree", f"/browse/?organ={province.pk}", None),
            ("search_fallback", "/search/?q=" + "就业补贴", None),
            ("search_fallback_rare", "/search/?q=" + "无此词语甲乙", None),
            ("office_queue_county", "/office/applications/", county_admin),
            ("office_queue_province", "/office/applications/", province_admin),
            ("office_queue_province_overdue", "/office/applications/?due=overdue", province_admin),
        ]
        say = log or (lambda _msg: None)
        for name, url, who in pages:
            if only and name not in only:
                continue
            client = Client(raise_request_exception=True)
            if who is not None:
                client.force_login(who)

            def get(client: Client = client, url: str = url) -> Any:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
                return response

            times, queries = _timed(get, repeat)
            results[name] = _summary(url, times, queries, with_explain)
            say(f"{name}: {results[name]['median_ms']} ms")

        year = datetime.now(UTC).year - 1

        def report() -> Any:
            return build_report_data(province, year, scope=SCOPE_SUBTREE)

        if not only or "annual_report_province_subtree" in only:
            times, queries = _timed(report, repeat)
            results["annual_report_province_subtree"] = _summary(
                f"build_report_data({province.pk}, {year}, scope=subtree)",
                times,
                queries,
                with_explain,
            )
            say(f"annual_report: {results['annual_report_province_subtree']['median_ms']} ms")
    counts = {
        "organs": Organ.objects.count(),
        "items": Item.objects.count(),
        "applications": _count("applications_application"),
    }
    return {"counts": counts, "repeat": repeat, "jit": jit, "results": results}


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (a model table)
        return int(cursor.fetchone()[0])


def _summary(
    url: str, times: list[float], queries: list[dict[str, Any]], with_explain: bool
) -> dict[str, Any]:
    slow = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    out: dict[str, Any] = {
        "url": url,
        "median_ms": _median_ms(times),
        "max_ms": round(max(times) * 1000, 1),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "slowest": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in slow],
    }
    if with_explain and slow and slow[0]["sql"].lstrip().upper().startswith("SELECT"):
        out["explain"] = explain(slow[0]["sql"])
    return out
