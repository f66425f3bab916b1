"""Writing the index: keeping it equal to `public_items()` (one item, the items below an organ or
a column, a full rebuild, a verification), and queueing those writes for the task worker.

The task worker (`tasks`) is the only process that runs these writes during normal operation;
the `gongkai search` command runs a rebuild or a verification by hand. Queries live in
`selectors`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation

from gongkai.catalog.models import Column
from gongkai.catalog.selectors import column_items, organ_items, public_items
from gongkai.orgs.models import Organ
from gongkai.search.base import BaseSearchBackend
from gongkai.search.documents import IndexDoc, doc_for, iter_docs, public_signatures

log = logging.getLogger("gongkai.search")

Progress = Callable[[int, int], None]


def queue_index_updates(item_ids: Iterable[int]) -> None:
    """Ask the task worker to bring these items' index entries in line with the catalog."""
    from gongkai.search.tasks import index_item_task

    for pk in item_ids:
        try:
            index_item_task.enqueue(pk)
        except Exception:
            log.exception("无法安排信息 %s 的检索索引更新。", pk)


def index_item(backend: BaseSearchBackend, item_id: int) -> bool:
    """Add/replace a public item, or remove one that is no longer public. True if indexed."""
    doc = doc_for(item_id)
    if doc is None:
        backend.delete([item_id])
        return False
    backend.index([doc])
    return True


def refresh_below(backend: BaseSearchBackend, kind: str, pk: int) -> int:
    """Re-index every public item of an organ's subtree or a column's subtree."""
    if kind == "organ":
        organ = Organ.objects.filter(pk=pk).first()
        items = organ_items(organ, subtree=True) if organ else None
    else:
        column = Column.objects.filter(pk=pk).first()
        items = column_items(column) if column else None
    if items is None:
        return 0
    ids = list(items.values_list("pk", flat=True))
    n = 0
    with backend.bulk():
        for docs in iter_docs(ids=ids):
            n += backend.index(docs)
            backend.commit()
    return n


@dataclass(frozen=True)
class ShardItems:
    """The public items of one shard, read inside that shard's writer process."""

    after_id: int
    batch: int

    def __call__(self, shard: int, shards: int) -> Iterator[list[IndexDoc]]:
        return iter_docs(after_id=self.after_id, batch=self.batch, shard=(shard, shards))


def database_shared_with_children() -> bool:
    """Whether another process can read what this one sees in the database.

    Not inside a transaction (its rows are invisible to other connections: tests run in one)
    and not an in-memory SQLite database (private to its connection).
    """
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.in_atomic_block:
        return False
    if conn.vendor == "sqlite":
        return not SQLiteCreation.is_in_memory_db(conn.settings_dict["NAME"])
    return True


@dataclass
class ReindexReport:
    indexed: int = 0
    removed: int = 0
    seconds: float = 0.0
    resumed_after: int = 0

    @property
    def docs_per_s(self) -> float:
        return self.indexed / self.seconds if self.seconds > 0 else 0.0


def reindex(
    backend: BaseSearchBackend,
    *,
    resume: bool = False,
    batch: int = 500,
    progress: Progress | None = None,
) -> ReindexReport:
    """Rebuild from the catalog in id order, committing each batch so a crash can resume.

    Readers get the fallback backend's answers while `ready` is off (see
    `SearchBackendHandler.reading`).
    """
    started = time.monotonic()
    after = 0
    if resume:
        after = int(backend.get_state("progress") or 0)
    if not after:
        backend.mark_ready(False)
        backend.clear()
    report = ReindexReport(resumed_after=after)
    total = public_items().filter(pk__gt=after).count()
    if progress:
        progress(0, total)
    load = getattr(backend, "load", None)
    if load is not None:
        # Parallel writers (one process per shard); committed every 20 batches for --resume.
        def committed(count: int, last_id: int) -> None:
            if last_id:
                backend.set_state("progress", str(last_id))

        options: dict[str, Any] = {
            "commit_every": batch * 20,
            "on_commit": committed,
            "replace": bool(after),
        }
        if database_shared_with_children():
            # Each writer process reads its own shard's items: reading runs in parallel and
            # nothing is copied between processes.
            def counted(n: int) -> None:
                report.indexed = n
                if progress:
                    progress(n, total)

            report.indexed = load(
                source=ShardItems(after_id=after, batch=batch), on_progress=counted, **options
            )
        else:

            def batches() -> Iterator[list[IndexDoc]]:
                for docs in iter_docs(after_id=after, batch=batch):
                    yield docs
                    report.indexed += len(docs)
                    if progress:
                        progress(report.indexed, total)

            # The writer processes are forked; they never touch the inherited database
            # connection and leave with os._exit, so it stays the parent's alone.
            load(batches(), **options)
    else:
        with backend.bulk():
            for docs in iter_docs(after_id=after, batch=batch):
                report.indexed += backend.index(docs)
                backend.commit()
                backend.set_state("progress", str(docs[-1].id))
                if progress:
                    progress(report.indexed, total)
    # Items withdrawn while we ran (or before a resume) must not stay findable.
    public = set(public_items().values_list("pk", flat=True))
    extra = [pk for pk in backend.signatures() if pk not in public]
    if extra:
        backend.delete(extra)
    report.removed = len(extra)
    backend.set_state("progress", None)
    backend.mark_ready(True)
    report.seconds = time.monotonic() - started
    log.info(
        "检索索引重建完成：%d 条，移除 %d 条，用时 %.1f 秒。",
        report.indexed,
        report.removed,
        report.seconds,
    )
    return report


@dataclass
class VerifyReport:
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    fixed: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def verify(backend: BaseSearchBackend, *, fix: bool = True) -> VerifyReport:
    """Compare the index with the catalog by signature; optionally repair the differences."""
    indexed = backend.signatures()
    public = public_signatures()
    report = VerifyReport(
        missing=sorted(pk for pk in public if pk not in indexed),
        stale=sorted(pk for pk, sig in public.items() if pk in indexed and indexed[pk] != sig),
        extra=sorted(pk for pk in indexed if pk not in public),
    )
    if fix and not report.ok:
        todo = report.missing + report.stale
        with backend.bulk():
            for docs in iter_docs(ids=todo, batch=500):
                backend.index(docs)
                backend.commit()
        if report.extra:
            backend.delete(report.extra)
        report.fixed = True
    if fix:
        backend.mark_ready(True)
    return report
