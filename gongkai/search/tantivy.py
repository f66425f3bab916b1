"""Default backend: tantivy, a Lucene-class engine embedded in the process (no server).

Layout and why (measured at 2,000,000 documents on the 2-core project machine, see
docs/benchmarks.md):

- **One ranked text field.** The title (written three times, so BM25 weighs a title match
  like a boost would), the 文号 (likewise), the metadata and the body go into `text`; each
  query word is one term query on it. Per-field boosts made every word a disjunction of
  three boosted scorers: with the sub-word alternatives, p99 was 1.5–2.7× higher unfiltered
  and 8–11× higher filtered at 500,000 documents. `title` is kept alone (unranked) for
  suggestions.
- **Shards searched in parallel.** The Python binding always collects through a
  `MultiCollector`, so tantivy cannot skip blocks (no block-max WAND) and a query costs time in
  proportion to the documents it matches. Documents are spread over `SHARDS` indexes by id;
  a query runs on every shard at once (the binding releases the GIL while searching) and the
  top hits are merged. Scores stay comparable because ids spread documents evenly, so the
  shards see nearly the same term statistics (on a tiny index a word found in almost every
  document can rank a little differently than with one shard: `SHARDS=1` suits small sites).
  Bulk loads write the shards in parallel processes, each reading its own documents
  (`tantivy_load`).
- **Sub-words at index time.** `analysis.index_text` appends the dictionary sub-words of long
  words, so 人民 finds 中华人民共和国; a query word's own sub-words (`Term.alternatives`) are
  only tried when the plain AND finds nothing (`base.EXPAND_BELOW`; at 500,000 documents
  they made filtered queries ~7× slower).

Text is segmented by `analysis`; tantivy's `simple` tokenizer splits it at spaces and drops
punctuation. Only one process writes a shard at a time (the task worker, or the reindex
command); readers reload when a shard's `meta.json` changes. A missing or corrupt directory is
recreated empty and reported as not ready, so the caller answers from the database until a
rebuild ends.
"""

from __future__ import annotations

import heapq
import json
import logging
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import tantivy as tv
from django.conf import settings

from gongkai.search import analysis
from gongkai.search.base import (
    KEY_BOOST,
    BaseSearchBackend,
    Mode,
    SearchFilters,
    SearchRequest,
)
from gongkai.search.documents import VALIDITY_CODES, IndexDoc
from gongkai.search.tantivy_load import ShardSource, load_shards
from gongkai.search.tantivy_schema import (
    FACET_FIELDS,
    SCHEMA_VERSION,
    build_schema,
    register_tokenizer,
    to_fields,
)

log = logging.getLogger("gongkai.search")

_VALIDITY_BY_CODE = {v: k for k, v in VALIDITY_CODES.items()}
T = TypeVar("T")

Clause = tuple[tv.Occur, tv.Query]


def _all(q: tv.Query, filters: list[Clause]) -> tv.Query:
    return tv.Query.boolean_query([(tv.Occur.Must, q), *filters]) if filters else q


def _any(queries: list[tv.Query]) -> tv.Query:
    return tv.Query.boolean_query([(tv.Occur.Should, q) for q in queries])


_pool: ThreadPoolExecutor | None = None


def _parallel(fn: Callable[[int], T], n: int) -> list[T]:
    """fn(0..n-1) on a shared thread pool (tantivy releases the GIL while it searches)."""
    global _pool
    if n == 1:
        return [fn(0)]
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="gongkai-search")
    return list(_pool.map(fn, range(n)))


class TantivyBackend(BaseSearchBackend):
    name = "tantivy"

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        default = Path(getattr(settings, "VAR_DIR", ".")) / "search"
        self.path = Path(self.options.get("PATH") or default)
        self.heap = int(self.options.get("WRITER_HEAP", 64_000_000))
        self.threads = int(self.options.get("WRITER_THREADS", 1))
        self.shards = max(1, int(self.options.get("SHARDS", 2)))
        self.schema = build_schema()
        self._writers: dict[int, Any] | None = None
        self._meta_mtimes: list[int] = [0] * self.shards
        self._indexes: list[tv.Index] | None = None

    # ------------------------------------------------------------ opening
    @property
    def layout(self) -> str:
        return f"{SCHEMA_VERSION}:{self.shards}"

    def shard_path(self, shard: int) -> Path:
        return self.path / f"shard-{shard}"

    def shard_of(self, pk: int) -> int:
        return pk % self.shards

    @property
    def indexes(self) -> list[tv.Index]:
        if self._indexes is None:
            self._indexes = self._open()
        return self._indexes

    def _open(self) -> list[tv.Index]:
        self.path.mkdir(parents=True, exist_ok=True)
        state = self._read_state()
        paths = [self.shard_path(s) for s in range(self.shards)]
        if all((p / "meta.json").exists() for p in paths):
            if state.get("layout") == self.layout:
                try:
                    indexes = []
                    for p in paths:
                        index = register_tokenizer(tv.Index.open(str(p)))
                        index.config_reader("manual")
                        index.searcher().num_docs  # noqa: B018 - touches every segment file
                        indexes.append(index)
                    return indexes
                except (ValueError, OSError) as exc:
                    log.warning("检索索引 %s 已损坏（%s），已清空并等待重建。", self.path, exc)
            else:
                log.warning("检索索引 %s 的结构版本或分片数不符，已清空并等待重建。", self.path)
            self._wipe()
        elif any(self.path.iterdir()):
            log.warning("检索索引 %s 不完整或为旧格式，已清空并等待重建。", self.path)
            self._wipe()
        else:
            log.warning("检索索引 %s 不存在，已新建空索引并等待重建。", self.path)
        indexes = []
        for p in paths:
            p.mkdir(parents=True, exist_ok=True)
            index = register_tokenizer(tv.Index(self.schema, str(p), reuse=False))
            index.config_reader("manual")
            indexes.append(index)
        self._write_state({"layout": self.layout})
        return indexes

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)

    def _searchers(self) -> list[tv.Searcher]:
        out = []
        for s, index in enumerate(self.indexes):
            try:
                mtime = (self.shard_path(s) / "meta.json").stat().st_mtime_ns
            except OSError:
                mtime = 0
            if mtime != self._meta_mtimes[s]:
                index.reload()  # another process (the worker) committed
                self._meta_mtimes[s] = mtime
            out.append(index.searcher())
        return out

    # ------------------------------------------------------------ state file
    def _read_state(self) -> dict[str, str]:
        try:
            data = json.loads((self.path / "gongkai-state.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_state(self, data: dict[str, str]) -> None:
        tmp = self.path / "gongkai-state.json.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        tmp.replace(self.path / "gongkai-state.json")

    def get_state(self, key: str) -> str | None:
        self.indexes  # noqa: B018 - opening validates (and may reset) the state
        return self._read_state().get(key)

    def set_state(self, key: str, value: str | None) -> None:
        self.indexes  # noqa: B018
        data = self._read_state()
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
        self._write_state(data)

    def schema_version(self) -> str:
        return self.layout

    # ------------------------------------------------------------ writing
    def _new_writer(self, shard: int, heap: int, threads: int) -> Any:
        for attempt in range(50):
            try:
                return self.indexes[shard].writer(heap, threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.2)  # another writer (worker or reindex) is committing
        raise AssertionError("unreachable")

    @contextmanager
    def bulk(self, *, threads: int | None = None, heap: int | None = None) -> Iterator[None]:
        """Hold one writer per shard for many `index` calls; `commit()` makes batches durable."""
        per_shard = max(self.heap, 128_000_000)
        self._writers = {
            s: self._new_writer(s, heap or per_shard, threads or 1) for s in range(self.shards)
        }
        try:
            yield
            self.commit()
            for w in self._writers.values():
                w.wait_merging_threads()
        finally:
            self._writers = None

    def commit(self) -> None:
        if self._writers is not None:
            for w in self._writers.values():
                w.commit()
            self._after_commit()

    def _after_commit(self) -> None:
        for s, index in enumerate(self.indexes):
            index.reload()
            try:
                self._meta_mtimes[s] = (self.shard_path(s) / "meta.json").stat().st_mtime_ns
            except OSError:
                self._meta_mtimes[s] = 0

    @contextmanager
    def _writing(self, shards: Iterable[int]) -> Iterator[dict[int, Any]]:
        if self._writers is not None:
            yield self._writers
            return
        writers = {s: self._new_writer(s, self.heap, self.threads) for s in sorted(set(shards))}
        try:
            yield writers
            for w in writers.values():
                w.commit()
            for w in writers.values():
                w.wait_merging_threads()
        except BaseException:
            for w in writers.values():
                w.rollback()
            raise
        finally:
            writers.clear()
        self._after_commit()

    def index(self, docs: Iterable[IndexDoc]) -> int:
        docs = list(docs)
        with self._writing(self.shard_of(d.id) for d in docs) as writers:
            for doc in docs:
                w = writers[self.shard_of(doc.id)]
                w.delete_documents_by_query(self._id_query(doc.id))
                w.add_document(tv.Document.from_dict(to_fields(doc), self.schema))
        return len(docs)

    def delete(self, ids: Iterable[int]) -> None:
        pks = [int(pk) for pk in ids]
        if not pks:
            return
        with self._writing(self.shard_of(pk) for pk in pks) as writers:
            for pk in pks:
                writers[self.shard_of(pk)].delete_documents_by_query(self._id_query(pk))

    def _id_query(self, pk: int) -> tv.Query:
        # A typed term query: delete_documents_by_term would build an i64 term for a u64 field.
        return tv.Query.term_query(self.schema, "id", pk)

    def clear(self) -> None:
        with self._writing(range(self.shards)) as writers:
            for w in writers.values():
                w.delete_all_documents()

    def load(
        self,
        batches: Iterable[list[IndexDoc]] | None = None,
        *,
        source: ShardSource | None = None,
        heap: int | None = None,
        commit_every: int = 0,
        on_commit: Callable[[int, int], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        replace: bool = False,
    ) -> int:
        """Add many documents fast: one process per shard segments and writes its shard.

        Documents come either as `batches` that this process hands to the writers, or from a
        `source` that each writer process calls for its own shard: `source(shard, shards)`
        yields the documents with `id % shards == shard` in ascending id order, in batches
        (`IndexDoc`s or their `pack`ed tuples). With a source, reading (from the database,
        for a rebuild) runs in parallel too and no document is copied between processes:
        measured at 200,000 documents, 5,888–5,939 documents/s against 5,268–5,599 fed.
        For a rebuild (after `clear`) documents are added without deleting old versions;
        `replace=True` deletes them first (a resumed rebuild may meet documents it already
        committed).
        With `commit_every`, the shards commit after about that many documents in all and
        `on_commit(count, last_id)` is called once every document up to `last_id` is
        committed, so a rebuild can resume after it. `on_progress(count)` follows a source.
        """
        if (batches is None) == (source is None):
            raise TypeError("load() takes either batches or a source")
        self.indexes  # noqa: B018 - create the shards before the writers open them
        total, last_id = load_shards(
            [str(self.shard_path(s)) for s in range(self.shards)],
            batches=batches,
            source=source,
            heap=heap or int(self.options.get("LOAD_HEAP", 2_000_000_000)),
            commit_every=commit_every,
            on_commit=on_commit,
            on_progress=on_progress,
            replace=replace,
        )
        self._after_commit()
        if on_commit:
            on_commit(total, last_id)
        return total

    def signatures(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for searcher in self._searchers():
            n = searcher.num_docs
            if not n:
                continue
            addrs = [a for _, a in searcher.search(tv.Query.all_query(), n, count=False).hits]
            ids = searcher.fast_field_values("id", addrs)
            sigs = searcher.fast_field_values("sig", addrs)
            out.update(
                {int(i): int(s or 0) for i, s in zip(ids, sigs, strict=True) if i is not None}
            )
        return out

    def count(self) -> int:
        return sum(int(s.num_docs) for s in self._searchers())

    def check(self) -> list[str]:
        if not self.path.parent.exists():
            return [f"检索索引的上级目录 {self.path.parent} 不存在。"]
        return []

    # ------------------------------------------------------------ queries
    def _word(self, word: str) -> tv.Query:
        return tv.Query.term_query(self.schema, "text", word)

    def _term(self, term: analysis.Term, filters: list[Clause]) -> tv.Query:
        q = self._word(term.word)
        if not term.alternatives and not term.synonyms:
            return q
        branches = [q]
        if term.alternatives:
            # The document may hold the word only split differently (市人民 政府 for 人民政府):
            # all of its dictionary sub-words then stand in for it.
            branches.append(
                tv.Query.boolean_query([(tv.Occur.Must, self._word(a)) for a in term.alternatives])
            )
        # Synonyms (search/synonyms.py): a one-word synonym as a word, a longer one as a phrase.
        branches += [
            self._word(s[0]) if len(s) == 1 else self._phrase(list(s)) for s in term.synonyms
        ]
        return _any([_all(b, filters) for b in branches])

    def _phrase(self, words: list[str]) -> tv.Query:
        return tv.Query.phrase_query(self.schema, "text", list(words))

    def _filters(self, f: SearchFilters) -> list[Clause]:
        out: list[tv.Query] = []
        lo, hi = f.year_from or 0, f.year_to or 9999
        years = range(lo, hi + 1) if (f.year_from or f.year_to) else range(0)
        if terms := f.organ_years():
            out.append(
                tv.Query.term_query(self.schema, "organ_years", terms[0])
                if len(terms) == 1
                else tv.Query.term_set_query(self.schema, "organ_years", terms)
            )
            years = range(0)  # done
        elif f.organ:
            out.append(tv.Query.term_query(self.schema, "organs", int(f.organ)))
        for name, value in (("columns", f.column), ("topics", f.topic), ("genre_id", f.genre)):
            if value:
                out.append(tv.Query.term_query(self.schema, name, int(value)))
        if len(years) == 1:
            out.append(tv.Query.term_query(self.schema, "year", lo))
        elif years:
            out.append(tv.Query.range_query(self.schema, "year", tv.FieldType.Unsigned, lo, hi))
        if f.validity:
            out.append(
                tv.Query.term_query(self.schema, "validity", VALIDITY_CODES.get(f.validity, 99))
            )
        # Filters select; they must not change the ranking.
        return [(tv.Occur.Must, tv.Query.const_score_query(q, 0.0)) for q in out]

    def build_query(self, req: SearchRequest, mode: Mode, exclude: list[int]) -> tv.Query:
        pq = req.query
        filters = self._filters(req.filters)
        # Filters are also pushed into every disjunction: tantivy seeks a union by walking
        # all of its postings, so a union inside a filtered AND costs as much as an
        # unfiltered one, while a union of filtered branches only walks the filtered part.
        parts = [self._term(t, filters) for t in pq.terms]
        parts += [self._phrase(p) for p in pq.phrases]
        keys = [
            tv.Query.boost_query(tv.Query.term_query(self.schema, "keys", k), KEY_BOOST)
            for k in pq.boost_keys
        ]
        if len(parts) == 1 and not keys and not filters and not exclude:
            return parts[0]  # the common case: one term query, nothing around it
        if mode == "and":
            text = tv.Query.boolean_query(
                [(tv.Occur.Must, q) for q in parts] + [(tv.Occur.Should, q) for q in keys]
            )
        else:
            text = _any([_all(q, filters) for q in parts + keys])
        outer = [(tv.Occur.Must, text), *filters]
        if exclude:
            outer.append((tv.Occur.MustNot, tv.Query.term_set_query(self.schema, "id", exclude)))
        return tv.Query.boolean_query(outer)

    def _top(
        self, q: tv.Query, n: int, *, by_date: bool = False, count: bool = True
    ) -> tuple[list[tuple[float, int]], int]:
        """The best n (score or date, id) over all shards, and the total number of matches."""
        searchers = self._searchers()

        def one(s: int) -> tuple[list[tuple[float, int]], int]:
            searcher = searchers[s]
            if by_date:
                res = searcher.search(q, n, count=count, order_by_field="published")
            else:
                res = searcher.search(q, n, count=count)
            hits = res.hits
            if not hits:
                return [], int(getattr(res, "count", 0) or 0)
            ids = searcher.fast_field_values("id", [a for _, a in hits])
            pairs = [
                (float(k), int(i)) for (k, _), i in zip(hits, ids, strict=True) if i is not None
            ]
            return pairs, int(getattr(res, "count", 0) or 0)

        results = _parallel(one, len(searchers))
        merged = heapq.nlargest(
            n, (p for pairs, _ in results for p in pairs), key=lambda p: (p[0], -p[1])
        )
        return merged, sum(c for _, c in results)

    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        n = max(offset + limit, 1)
        by_date = req.sort == "date"
        hits, total = self._top(self.build_query(req, mode, exclude), n, by_date=by_date)
        page = hits[offset : offset + limit] if limit > 0 else []
        ids = [i for _, i in page]
        return ids, total, {i: k for k, i in page}

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        q = tv.Query.boolean_query(
            [
                (tv.Occur.Must, tv.Query.term_set_query(self.schema, "keys", keys)),
                *self._filters(filters),
            ]
        )
        hits, _ = self._top(q, 50, by_date=True, count=False)
        return [i for _, i in hits]

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        q = self.build_query(req, mode, [])
        aggs = {k: {"terms": {"field": f, "size": 30}} for k, f in FACET_FIELDS.items()}
        searchers = self._searchers()
        results = _parallel(lambda s: searchers[s].aggregate(q, aggs), len(searchers))
        out: dict[str, list[tuple[Any, int]]] = {}
        for key in FACET_FIELDS:
            counts: dict[int, int] = {}
            for result in results:
                for b in result.get(key, {}).get("buckets", []):
                    counts[int(b["key"])] = counts.get(int(b["key"]), 0) + int(b["doc_count"])
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
            if key == "validity":
                out[key] = [(_VALIDITY_BY_CODE.get(k, ""), c) for k, c in top]
            else:
                out[key] = [(k, c) for k, c in top if k]
        return out

    def suggest(self, query: analysis.ParsedQuery, limit: int = 8) -> list[int]:
        words = [t.word for t in query.terms]
        if not words:
            return []
        *whole, last = words
        clauses = [(tv.Occur.Must, tv.Query.term_query(self.schema, "title", w)) for w in whole]
        clauses.append(
            (tv.Occur.Must, tv.Query.regex_query(self.schema, "title", re.escape(last) + ".*"))
        )
        hits, _ = self._top(tv.Query.boolean_query(clauses), limit, count=False)
        return [i for _, i in hits]
