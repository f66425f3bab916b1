"""What the parallel bulk loads of the search backends share (`TantivyBackend.load`,
`PostgresBackend.load`): forked writer processes that read their own share of the items, and
the loading process's view of them.

A writer sends messages on a queue: progress, commits (so a rebuild can resume after the last
document every writer has committed), its end, or its error.
"""

from __future__ import annotations

import ctypes
import gc
import os
import queue
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections


def start_writers(workers: list[Any]) -> None:
    """Start forked writer processes.

    Objects that exist now are never collected in the children: without this a full
    collection there would touch (and so copy) every page of the parent's memory.
    """
    gc.freeze()
    try:
        for proc in workers:
            proc.start()
    finally:
        gc.unfreeze()


@contextmanager
def writers_running(workers: list[Any]) -> Iterator[None]:
    """Stop the writers when loading fails (or is interrupted); wait for them when it ends."""
    try:
        yield
    except BaseException:
        for proc in workers:
            proc.terminate()
        raise
    for proc in workers:
        proc.join(timeout=60)


#: Messages from a writer: (kind, shard, count, last id, detail). `count` is the documents
#: added so far (for "progress": in this batch), `last id` the highest id among them.
Message = tuple[str, int, int, int, str]


class LoadTracker:
    """The loading process's view of its writers: counts, commits, failures."""

    def __init__(
        self,
        workers: list[Any],
        done: Any,
        on_commit: Callable[[int, int], None] | None,
        on_progress: Callable[[int], None] | None,
        *,
        from_source: bool,
    ) -> None:
        self.workers = workers
        self.from_source = from_source  # fed writers commit together: `_feed` reports
        self.done = done
        self.on_commit = on_commit
        self.on_progress = on_progress
        self.acks = 0  # commits and finishes acknowledged
        self.added = 0  # documents added (reported by writers reading a source)
        self.committed: dict[int, tuple[int, int]] = {}  # shard -> (count, last id)
        self.finished: set[int] = set()
        self.resume_after = 0
        self.total = self.last_id = 0

    def wait(self, timeout: float = 1.0) -> None:
        """Handle the next message; raise when a writer failed or died."""
        try:
            message = self.done.get(timeout=timeout) if timeout else self.done.get_nowait()
        except queue.Empty:
            dead = [s for s, p in enumerate(self.workers) if not p.is_alive()]
            if any(s not in self.finished for s in dead):
                # A writer that ended has flushed its messages: read them before judging.
                while True:
                    try:
                        self.handle(self.done.get(timeout=0.2))
                    except queue.Empty:
                        break
                if any(s not in self.finished for s in dead):
                    raise RuntimeError("检索索引写入进程意外退出。") from None
            return
        self.handle(message)

    def wait_until_finished(self) -> None:
        while len(self.finished) < len(self.workers):
            self.wait()

    def handle(self, message: Message) -> None:
        kind, shard, count, last, detail = message
        if kind == "error":
            raise RuntimeError(f"检索索引写入进程出错：{detail}")
        if kind == "progress":
            self.added += count
            if self.on_progress:
                self.on_progress(self.added)
            return
        self.acks += 1
        self.committed[shard] = (count, last)
        if kind == "finished":
            self.finished.add(shard)
        if len(self.committed) < len(self.workers):
            return
        self.total = sum(c for c, _ in self.committed.values())
        self.last_id = max(last for _, last in self.committed.values())
        if len(self.finished) == len(self.workers):
            return  # `load` reports the end
        # Each shard commits its documents in id order: every document up to the lowest
        # last id of the shards still writing is committed (finished shards hold all theirs).
        point = min(last for s, (_, last) in self.committed.items() if s not in self.finished)
        if self.from_source and point > self.resume_after and self.on_commit:
            self.resume_after = point
            self.on_commit(self.total, point)


_INHERITED_CONNECTIONS: list[Any] = []


def use_own_database_connections() -> None:
    """Let a forked writer read the database on connections of its own.

    The inherited ones are the parent's: using one here would mix two processes' traffic on one
    socket, and closing one would end the parent's session (the client library says goodbye on
    the shared socket). So they are kept referenced and left alone; a multiprocessing child
    ends with os._exit, which finalises nothing. Django connects afresh on the next query.
    """
    for conn in connections.all(initialized_only=True):
        _INHERITED_CONNECTIONS.append(conn.connection)
        conn.connection = None


def die_with_parent() -> None:
    """End this writer when the loading process dies (Linux: PR_SET_PDEATHSIG).

    A loading process killed outright (`kill -9`, the OOM killer) cannot stop its writers; a
    fed writer would wait for documents forever and every writer would keep its shard's lock,
    so the next rebuild could not start.
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the daemon flag still ends writers when the loader exits normally
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect


_PR_SET_PDEATHSIG = 1
