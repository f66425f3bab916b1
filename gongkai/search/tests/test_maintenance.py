"""Rebuild, verify, the CLI, and a missing or corrupt index (database answers meanwhile)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.catalog.models import Item, Status
from gongkai.search.documents import IndexDoc, public_signatures
from gongkai.search.handler import get_backend, reset_backends
from gongkai.search.postgres import PostgresBackend
from gongkai.search.selectors import search_items
from gongkai.search.services import ShardItems, database_shared_with_children, reindex


def run(*args: str) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_reindex_verify_and_query_commands(search_backend, publish_item):
    a = publish_item(title="关于做好就业补贴申领工作的通知")
    b = publish_item(title="关于公布2026年低保标准的通知", body="<p>低保标准见附表。</p>")
    search_backend.delete([a.pk])
    out = run("verify")
    assert "缺失 1 条" in out and "已全部修复" in out
    assert set(search_backend.signatures()) == {a.pk, b.pk}
    out = run("reindex")
    assert "索引 2 条" in out and "条/秒" in out
    data = json.loads(run("query", "就业补贴", "--json"))
    assert data["total"] == 1 and data["results"][0]["id"] == a.pk
    assert "没有" not in run("verify") and "一致" in run("verify")


def test_reindex_resumes_after_the_last_committed_batch(search_backend, publish_item):
    items = [publish_item(title=f"就业补贴公示第{i}批") for i in range(3)]
    search_backend.set_state("progress", str(items[0].pk))
    out = run("reindex", "--resume", "--batch", "1")
    assert f"从编号 {items[0].pk} 之后继续" in out and "索引 2 条" in out


def test_stale_entry_is_found_by_verify(search_backend, publish_item):
    item = publish_item(title="关于做好就业补贴申领工作的通知")
    doc = next(iter(__import__("gongkai.search.documents", fromlist=["x"]).iter_docs()))[0]
    doc.title, doc.signature = "旧标题", 0
    doc.__post_init__()
    search_backend.index([doc])
    out = run("verify", "--dry-run")
    assert "过期 1 条" in out and "未修复" in out
    run("verify")
    assert search_items("就业补贴").results[0].item == item


def test_corrupt_index_is_rebuilt_and_db_answers_meanwhile(
    settings, tmp_path, publish_item, caplog, db
):
    path = tmp_path / "idx"
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "tantivy", "OPTIONS": {"PATH": path}}}
    reset_backends()
    item = publish_item(title="关于做好就业补贴申领工作的通知")
    get_backend().mark_ready(True)
    reset_backends()
    (path / "shard-0" / "meta.json").write_text("{ not json")
    with caplog.at_level(logging.WARNING, logger="gongkai.search"):
        page = search_items("就业补贴")
    assert page.results[0].item == item
    assert page.from_database
    assert any("损坏" in r.getMessage() for r in caplog.records)
    # The rebuild task ran inline (tests): the next query is answered by the index again.
    page = search_items("就业补贴")
    assert not page.from_database and page.results[0].item == item
    reset_backends()


def test_database_fallback_finds_a_word_through_its_sub_words(settings, tmp_path, publish_item, db):
    """While the index is rebuilt, 就业补贴 still finds 就业创业补贴 (as the index does)."""
    path = tmp_path / "idx"
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "tantivy", "OPTIONS": {"PATH": path}}}
    reset_backends()
    item = publish_item(
        title="关于印发《就业创业补贴实施方案》的通知", body="<p>就业创业补贴按季度发放。</p>"
    )
    publish_item(title="关于做好安全生产工作的通知", body="<p>就业形势稳定。</p>")
    get_backend().mark_ready(True)
    assert search_items("就业补贴").results[0].item == item  # the index
    get_backend().mark_ready(False)
    page = search_items("就业补贴")
    assert page.from_database
    assert [r.item for r in page.results] == [item]
    reset_backends()


def test_missing_index_directory(settings, tmp_path, publish_item, caplog, db):
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "tantivy", "OPTIONS": {"PATH": tmp_path / "absent"}}
    }
    reset_backends()
    item = publish_item(title="关于做好就业补贴申领工作的通知")
    with caplog.at_level(logging.WARNING, logger="gongkai.search"):
        page = search_items("就业补贴")
    assert page.results[0].item == item
    assert any("不存在" in r.getMessage() for r in caplog.records)
    assert get_backend().is_ready()
    reset_backends()


def test_renaming_an_organ_or_column_reindexes_the_items_below(
    search_backend, publish_item, make_organ, organ, django_capture_on_commit_callbacks
):
    county = make_organ("益阳县人民政府", parent=organ)
    item = publish_item(in_organ=county, title="关于发放就业补贴的公告")
    assert search_items("桃花源").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        organ.name = "桃花源市人民政府"
        organ.save()
    assert [r.item for r in search_items("桃花源").results] == [item]
    column = item.column
    with django_capture_on_commit_callbacks(execute=True):
        column.name = "补贴公示专栏"
        column.save()
    assert [r.item for r in search_items("补贴公示专栏").results] == [item]
    assert search_items("补贴公示专栏").total == 1


@pytest.mark.django_db(transaction=True)
def test_reindex_writers_read_the_database_themselves(settings, tmp_path, publish_item):
    """With committed data (not a test transaction) each writer process reads its own shard.

    An in-memory SQLite database is private to its connection: there the items are fed.
    """
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "tantivy", "OPTIONS": {"PATH": tmp_path / "idx"}}
    }
    reset_backends()
    items = [publish_item(title=f"关于第{i}批就业补贴发放情况的公示") for i in range(7)]
    withdrawn = items.pop()
    Item.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    shared = database_shared_with_children()
    assert shared == (connection.vendor == "postgresql")
    progress: list[tuple[int, int]] = []
    report = reindex(get_backend(), batch=2, progress=lambda n, total: progress.append((n, total)))
    assert report.indexed == 6 and report.removed == 0
    assert progress[-1] == (6, 6)
    assert set(get_backend().signatures()) == {i.pk for i in items}
    assert {r.item for r in search_items("就业补贴").results} == set(items)
    assert get_backend().get_state("progress") is None and get_backend().is_ready()
    # The parent's own connection still works after the writers came and went.
    assert Item.objects.filter(pk__in=[i.pk for i in items]).count() == 6
    reset_backends()


def test_a_test_transaction_is_not_shared_with_writer_processes(db):
    assert not database_shared_with_children()


@pytest.mark.django_db(transaction=True)
def test_postgres_rebuild_writes_in_parallel_processes(settings, tmp_path, publish_item):
    """On PostgreSQL a rebuild runs one writer process per share, each on its own connection."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL 检索后端只在 PostgreSQL 上测试。")
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "postgres", "OPTIONS": {"WRITERS": 2}}}
    reset_backends()
    backend = get_backend()
    assert isinstance(backend, PostgresBackend)
    try:
        items = [publish_item(title=f"关于第{i}批就业补贴发放情况的公示") for i in range(7)]
        progress: list[tuple[int, int]] = []
        report = reindex(backend, batch=2, progress=lambda n, total: progress.append((n, total)))
        assert report.indexed == 7 and progress[-1] == (7, 7)
        assert backend.signatures() == public_signatures()
        assert {r.item for r in search_items("就业补贴").results} == set(items)
        assert backend.get_state("progress") is None and backend.is_ready()

        readers = tmp_path / "readers"

        def source(writer: int, writers: int) -> Iterator[list[IndexDoc]]:
            with readers.open("a") as f:
                f.write(f"{os.getpid()}:{writer}/{writers}\n")
            yield from ShardItems(after_id=0, batch=2)(writer, writers)

        backend.clear()
        committed: list[tuple[int, int]] = []
        assert (
            backend.load(source=source, commit_every=2, on_commit=lambda *a: committed.append(a))
            == 7
        )
        lines = sorted(readers.read_text().split())
        assert [line.split(":")[1] for line in lines] == ["0/2", "1/2"]
        assert len({line.split(":")[0] for line in lines} - {str(os.getpid())}) == 2
        assert committed[-1] == (7, max(i.pk for i in items))
        assert backend.signatures() == public_signatures()
    finally:
        backend.clear()
        reset_backends()
