"""Crawling a live site (a generated folder served on 127.0.0.1) with the monitor's crawler:
pages imported, a redirect loop and an endless calendar bounded, attachments downloaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai.catalog.models import Item, Status
from gongkai.legacy.models import LegacyPage, LegacyRun, Outcome, SourceKind
from gongkai.legacy.services.imports import ImportOptions, import_site
from gongkai.legacy.sources import http_source
from gongkai.legacy.tests.sites import serve, write_site


def _import(base: str, dept: Any, actor: Any, **kw: Any) -> Any:
    source = http_source(
        base + "/index.html",
        max_pages=kw.pop("max_pages", 30),
        max_depth=kw.pop("max_depth", 6),
        per_host_per_second=0,
    )
    options = ImportOptions(source_label=base, source_kind=SourceKind.HTTP, **kw)
    return import_site(actor=actor, organ=dept, source=source, options=options)


def test_http_crawl_imports_and_bounds_traps(
    tmp_path: Path, dept: Any, people: dict[str, Any]
) -> None:
    write_site(tmp_path, "trs")
    with serve(tmp_path) as base:
        # Deep enough that only the page count stops the endless pager (/more?p=N).
        report = _import(base, dept, people["importer"], max_pages=30, max_depth=100)
    titles = {p.title: p for p in report.pages}
    item = Item.objects.get(title="岚山县就业补贴申领办法")
    assert item.status == Status.PUBLISHED
    assert item.attachments.get().original_name == "P020240305.pdf"  # downloaded over HTTP
    assert titles["岚山县人社局工作动态（无表头）"].outcome == Outcome.DRAFT
    # The redirect loop is one failed page saying so, not an endless chase.
    loop = [p for p in report.pages if p.url.endswith("/loop-a")]
    assert loop and loop[0].outcome == Outcome.FAILED and loop[0].problems == ["重定向循环"]
    # The calendar is never followed (URL rule); the endless pager stops at the page bound.
    assert any("日历" in note for note in report.notes)
    assert any("抓取上限 30 页" in note for note in report.notes)
    run = LegacyRun.objects.get()
    assert run.finished_at is not None and run.notes == report.notes
    page = LegacyPage.objects.get(item=item)
    assert page.old_path == "/art/2024/3/5/art_1229_101.html" and page.old_host == "127.0.0.1"


def test_http_calendar_is_not_fetched(tmp_path: Path, dept: Any, people: dict[str, Any]) -> None:
    write_site(tmp_path, "plain")
    with serve(tmp_path) as base:
        report = _import(base, dept, people["importer"], max_pages=12, dry_run=True)
    assert not any("/cal" in p.url for p in report.pages)
    assert Item.objects.count() == 0


def test_http_rerun_skips_imported(tmp_path: Path, dept: Any, people: dict[str, Any]) -> None:
    write_site(tmp_path, "dahan")
    with serve(tmp_path) as base:
        _import(base, dept, people["importer"], max_pages=10)
        count = Item.objects.count()
        again = _import(base, dept, people["importer"], max_pages=10)
    assert Item.objects.count() == count == 4
    assert sum(1 for p in again.pages if p.outcome == "skipped") == 4
