"""The tantivy backend's shards and parallel loader, on a real index (no database needed)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gongkai.search import analysis
from gongkai.search.base import SearchFilters, SearchHits, SearchRequest
from gongkai.search.documents import IndexDoc
from gongkai.search.tantivy import TantivyBackend

START = datetime(2024, 1, 1, tzinfo=UTC)


def make_doc(pk: int, *, times: int = 1, body: str = "") -> IndexDoc:
    return IndexDoc(
        id=pk,
        title=f"第{pk}号公告",
        meta="",
        body=body or ("就业补贴申领。" * times + "其他事项说明。" * (12 - times)),
        keys=[],
        organs=[1, 10 + pk % 3],
        columns=[],
        topics=[],
        organ_id=10 + pk % 3,
        year=2020 + pk % 5,
        published=START + timedelta(days=pk),
    )


def search(backend: TantivyBackend, q: str, **kw: Any) -> SearchHits:
    return backend.search(SearchRequest(query=analysis.parse_query(q), **kw))


@pytest.fixture
def backend(tmp_path):
    b = TantivyBackend({"PATH": tmp_path / "idx", "SHARDS": 2})
    b.clear()
    b.mark_ready(True)
    return b


def test_documents_spread_over_the_shards_and_pages_merge(backend):
    # 400 documents, half of them about 就业补贴 (ids ≡ 0 or 1 mod 4, so both shards hold as
    # many), mentioning it 1–4 times: both shards see the same statistics.
    docs = [
        make_doc(pk, times=1 + (pk // 4) % 4) if pk % 4 < 2 else make_doc(pk, body="其他事项说明。")
        for pk in range(1, 401)
    ]
    backend.index(docs)
    assert [s.num_docs for s in backend._searchers()] == [200, 200]  # ids split by parity
    seen: list[int] = []
    scores: list[float] = []
    for offset in range(0, 200, 20):
        hits = search(backend, "就业补贴", offset=offset, limit=20)
        assert hits.total == 200
        seen += hits.ids
        scores += [hits.scores[i] for i in hits.ids]
    assert sorted(seen) == [pk for pk in range(1, 401) if pk % 4 < 2]  # each once
    assert scores == sorted(scores, reverse=True)  # one ranking, not two interleaved
    most = {pk for pk in range(1, 401) if pk % 16 in (12, 13)}  # four mentions, both shards
    assert set(search(backend, "就业补贴", limit=50).ids) == most


def test_sort_by_date_merges_the_shards(backend):
    backend.index(make_doc(pk) for pk in range(1, 30))
    hits = search(backend, "就业补贴", sort="date", limit=10)
    assert hits.ids == list(range(29, 19, -1))


def test_filters_and_facets_add_up_over_the_shards(backend):
    backend.index(make_doc(pk) for pk in range(1, 31))
    hits = search(
        backend, "就业补贴", filters=SearchFilters(organ=11, year_from=2021, year_to=2021)
    )
    expected = [pk for pk in range(1, 31) if pk % 3 == 1 and pk % 5 == 1]
    assert sorted(hits.ids) == expected and hits.total == len(expected)
    hits = search(backend, "就业补贴", facets=True)
    assert dict(hits.facets["organ"]) == {10: 10, 11: 10, 12: 10}


def test_load_writes_the_same_index_as_one_by_one(tmp_path, backend):
    docs = [make_doc(pk, times=1 + pk % 4) for pk in range(1, 61)]
    backend.index(docs)
    loaded = TantivyBackend({"PATH": tmp_path / "loaded", "SHARDS": 2})
    loaded.clear()
    commits: list[tuple[int, int]] = []
    batches = [docs[i : i + 7] for i in range(0, len(docs), 7)]
    assert (
        loaded.load(batches, commit_every=14, on_commit=lambda n, last: commits.append((n, last)))
        == 60
    )
    assert loaded.signatures() == backend.signatures()
    assert commits[0] == (14, 14) and commits[-1] == (60, 60)
    a = search(backend, "就业补贴", limit=60)
    b = search(loaded, "就业补贴", limit=60)
    assert a.ids == b.ids


def test_a_resumed_load_replaces_instead_of_duplicating(backend):
    docs = [make_doc(pk) for pk in range(1, 11)]
    backend.load([docs])
    backend.load([docs[5:]], replace=True)
    assert backend.count() == 10


def test_a_failing_writer_process_is_reported_not_waited_for(backend):
    bad = make_doc(1)
    bad.id = -1  # not a valid unsigned id: the writer process fails on it
    with pytest.raises(RuntimeError, match="检索索引写入进程"):
        backend.load([[bad]])


def test_shard_count_change_needs_a_rebuild(tmp_path):
    two = TantivyBackend({"PATH": tmp_path / "idx", "SHARDS": 2})
    two.index([make_doc(1)])
    two.mark_ready(True)
    assert two.is_ready()
    three = TantivyBackend({"PATH": tmp_path / "idx", "SHARDS": 3})
    assert not three.is_ready() and three.count() == 0


def test_writers_reading_their_own_shard_build_the_same_index(tmp_path, backend):
    """`load(source=…)`: each writer process reads its shard itself; nothing is fed."""
    docs = [make_doc(pk, times=1 + pk % 4) for pk in range(1, 61)]
    backend.index(docs)

    def source(shard: int, shards: int) -> Any:
        mine = [d for d in docs if d.id % shards == shard]  # runs in the writer process
        return [mine[i : i + 4] for i in range(0, len(mine), 4)]

    loaded = TantivyBackend({"PATH": tmp_path / "loaded", "SHARDS": 2})
    loaded.clear()
    commits: list[tuple[int, int]] = []
    progress: list[int] = []
    n = loaded.load(
        source=source,
        commit_every=16,
        on_commit=lambda count, last: commits.append((count, last)),
        on_progress=progress.append,
    )
    assert n == 60 and loaded.count() == 60
    assert loaded.signatures() == backend.signatures()
    assert search(loaded, "就业补贴", limit=60).ids == search(backend, "就业补贴", limit=60).ids
    # Each shard commits every 8 of its documents (ids 2, 4 … 16 and 1, 3 … 15 first):
    # a resume point is only reported once both shards have committed past it.
    assert commits[-1] == (60, 60)
    assert all(last <= count for count, last in commits)  # ids 1…last are all written
    assert [last for _, last in commits] == sorted(last for _, last in commits)
    assert commits[0][1] in (15, 16)
    assert progress == sorted(progress) and progress[-1] == 60


def test_a_failing_source_is_reported(backend):
    def source(shard: int, shards: int) -> Any:
        if shard == 1:
            raise ValueError("数据库不可用")
        return [[make_doc(2)]]

    with pytest.raises(RuntimeError, match=r"检索索引写入进程出错.*数据库不可用"):
        backend.load(source=source)


def test_load_takes_batches_or_a_source(backend):
    with pytest.raises(TypeError):
        backend.load()
    with pytest.raises(TypeError):
        backend.load([[make_doc(1)]], source=lambda shard, shards: [])


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # exited (a zombie until someone reaps it)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_writers_end_when_the_loading_process_is_killed(tmp_path):
    """`kill -9` of a rebuild must not leave writers behind holding the shards' locks."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        import django
        django.setup()
        from gongkai.search.tantivy import TantivyBackend

        def source(shard, shards):
            # One write(2) of a short line is atomic on a pipe; print() makes several when
            # PYTHONUNBUFFERED is set (as on CI), and the two writers' lines would interleave.
            os.write(1, f"writer {{os.getpid()}}\\n".encode())
            while True:  # a source that never ends: only the loader's death stops it
                time.sleep(0.05)
                yield []

        TantivyBackend({{"PATH": {str(tmp_path / "idx")!r}, "SHARDS": 2}}).load(source=source)
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
    }
    loader = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
    )
    writers: list[int] = []
    try:
        assert loader.stdout is not None
        while len(writers) < 2:
            line = loader.stdout.readline()
            assert line, "the loader ended before starting its writers"
            writers.append(int(line.split()[1]))
        loader.kill()
        loader.wait()
        for _ in range(300):  # up to 30 s; PR_SET_PDEATHSIG acts at once
            if all(_gone(pid) for pid in writers):
                break
            time.sleep(0.1)
        assert all(_gone(pid) for pid in writers)
    finally:
        loader.kill()
        loader.wait()
        if loader.stdout is not None:
            loader.stdout.close()
        for pid in writers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
