"""The parallel loading of the tantivy backend (`TantivyBackend.load`): one forked writer
process per shard segments its documents and writes its shard.

A writer either reads its own shard's documents from a `ShardSource` (a rebuild: reading runs in
parallel and nothing is copied between processes) or is fed `pack`ed documents on a queue by
the loading process. Starting, stopping and tracking the writers is shared with the postgres
backend (`parallel`).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import tantivy as tv
from django.db import connections

from gongkai.search.documents import IndexDoc
from gongkai.search.parallel import (
    LoadTracker,
    die_with_parent,
    start_writers,
    use_own_database_connections,
    writers_running,
)
from gongkai.search.tantivy_schema import Packed, build_schema, pack, register_tokenizer, to_fields

#: A document source run inside each writer process of `TantivyBackend.load`:
#: `source(shard, shards)` yields the documents with `id % shards == shard`, in id order.
ShardSource = Callable[[int, int], Iterable[list[Any]]]


def load_shards(
    paths: list[str],
    *,
    batches: Iterable[list[IndexDoc]] | None,
    source: ShardSource | None,
    heap: int,
    commit_every: int = 0,
    on_commit: Callable[[int, int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    replace: bool = False,
) -> tuple[int, int]:
    """Write the shards at `paths` (existing indexes) from either `batches` or a `source`, one
    forked writer process per shard; returns the documents written and the highest id.

    `TantivyBackend.load` describes the arguments; `heap` is shared by all the writers, and
    `on_commit` is left for the caller to call once the writers have finished.
    """
    shards = len(paths)
    ctx = mp.get_context("fork")  # workers inherit the loaded dictionary (and the source)
    inboxes = [ctx.Queue(maxsize=8) for _ in range(shards)] if batches is not None else []
    done = ctx.Queue()
    plan = _WriterPlan(
        shards=shards,
        heap=heap // shards,
        replace=replace,
        source=source,
        commit_every=max(1, commit_every // shards) if commit_every else 0,
    )
    workers = [
        ctx.Process(
            target=_writer_process,
            args=(plan, s, paths[s], inboxes[s] if inboxes else None, done),
            daemon=True,
        )
        for s in range(shards)
    ]
    start_writers(workers)
    tracker = LoadTracker(workers, done, on_commit, on_progress, from_source=source is not None)
    with writers_running(workers):
        if batches is not None:
            _feed(batches, inboxes, tracker, commit_every)
        else:
            tracker.wait_until_finished()
    return tracker.total, tracker.last_id


def _feed(
    batches: Iterable[list[IndexDoc]],
    inboxes: list[Any],
    tracker: LoadTracker,
    commit_every: int,
) -> None:
    """Hand `batches` to the writers; all shards commit every `commit_every` documents."""
    shards = len(inboxes)

    def put(s: int, item: Any) -> None:
        while True:
            try:
                inboxes[s].put(item, timeout=1)
                return
            except queue.Full:
                tracker.wait(timeout=0)

    def sync(kind: str) -> None:
        expected = tracker.acks + shards
        for s in range(shards):
            put(s, kind)
        while tracker.acks < expected:
            tracker.wait()

    fed = since = last_id = 0
    for batch in batches:
        parts: list[list[Packed]] = [[] for _ in range(shards)]
        for doc in batch:
            parts[doc.id % shards].append(pack(doc))
        for s, part in enumerate(parts):
            if part:
                put(s, part)
        fed += len(batch)
        since += len(batch)
        if batch:
            last_id = batch[-1].id
        if commit_every and since >= commit_every:
            sync("commit")
            since = 0
            # Everything handed over so far is committed in every shard.
            if tracker.on_commit:
                tracker.on_commit(fed, last_id)
    sync("finish")
    tracker.total, tracker.last_id = fed, last_id


@dataclass(frozen=True)
class _WriterPlan:
    """What every writer process of one `TantivyBackend.load` needs (inherited at fork)."""

    shards: int
    heap: int
    replace: bool
    source: ShardSource | None
    commit_every: int  # per shard, with a source


def _doc_id(doc: IndexDoc | Packed) -> int:
    return int(doc[0] if isinstance(doc, tuple) else doc.id)


def _writer_process(plan: _WriterPlan, shard: int, path: str, inbox: Any, done: Any) -> None:
    """A writer process of `TantivyBackend.load`: segment and add documents to one shard."""
    die_with_parent()
    try:
        if plan.source is not None:
            use_own_database_connections()
        schema = build_schema()
        index = register_tokenizer(tv.Index.open(path))
        writer = index.writer(max(plan.heap, 50_000_000), 1)
        count = last = 0

        def add(docs: list[Any]) -> None:
            nonlocal count, last
            for doc in docs:
                if plan.replace:
                    writer.delete_documents_by_query(
                        tv.Query.term_query(schema, "id", _doc_id(doc))
                    )
                writer.add_document(tv.Document.from_dict(to_fields(doc), schema))
            count += len(docs)
            last = max(last, _doc_id(docs[-1]))

        if plan.source is None:
            while True:
                item = inbox.get()
                if item == "commit" or item == "finish":
                    writer.commit()
                    if item == "finish":
                        writer.wait_merging_threads()
                        done.put(("finished", shard, count, last, ""))
                        return
                    done.put(("committed", shard, count, last, ""))
                elif item:
                    add(item)
        since = 0
        for batch in plan.source(shard, plan.shards):
            if not batch:
                continue
            add(batch)
            done.put(("progress", shard, len(batch), last, ""))
            since += len(batch)
            if plan.commit_every and since >= plan.commit_every:
                writer.commit()
                since = 0
                done.put(("committed", shard, count, last, ""))
        writer.commit()
        writer.wait_merging_threads()
        connections.close_all()  # this process's own connections (see above)
        done.put(("finished", shard, count, last, ""))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        done.put(("error", shard, 0, 0, repr(exc)))
