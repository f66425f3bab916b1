"""Default backend: tantivy, a Lucene-class engine embedded in the process (no server).

Text is segmented by `analysis` and stored as whitespace-separated tokens, so tantivy's own
`whitespace` tokenizer is enough. Only one process writes (the task worker, or the reindex
command); readers reload when `meta.json` changes. A missing or corrupt directory is recreated
empty and reported as not ready, so the caller answers from the database until a rebuild ends.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy as tv
from django.conf import settings

from gongkai.search import analysis
from gongkai.search.base import (
    BOOSTS,
    KEY_BOOST,
    BaseSearchBackend,
    Mode,
    SearchFilters,
    SearchRequest,
)
from gongkai.search.documents import VALIDITY_CODES, IndexDoc

log = logging.getLogger("gongkai.search")

SCHEMA_VERSION = "1"
TEXT_FIELDS = ("title", "meta", "body")
FACET_FIELDS = {
    "organ": "organ_id",
    "topic": "topic_id",
    "genre": "genre_id",
    "year": "year",
    "validity": "validity",
}
_VALIDITY_BY_CODE = {v: k for k, v in VALIDITY_CODES.items()}


def build_schema() -> tv.Schema:
    b = tv.SchemaBuilder()
    b.add_unsigned_field("id", indexed=True, fast=True)
    b.add_unsigned_field("sig", fast=True)
    for name in TEXT_FIELDS:
        b.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    b.add_text_field("keys", tokenizer_name="raw", index_option="basic")
    for name in ("organs", "columns", "topics"):
        b.add_unsigned_field(name, indexed=True)
    for name in FACET_FIELDS.values():
        b.add_unsigned_field(name, indexed=True, fast=True)
    b.add_integer_field("published", indexed=True, fast=True)
    return b.build()


def to_fields(doc: IndexDoc) -> dict[str, Any]:
    """The tantivy document of an IndexDoc (segmentation happens here)."""
    return {
        "id": doc.id,
        "sig": doc.signature,
        "title": analysis.index_text(doc.title),
        "meta": analysis.index_text(doc.meta),
        "body": analysis.index_text(doc.body),
        "keys": doc.keys,
        "organs": doc.organs,
        "columns": doc.columns,
        "topics": doc.topics,
        "organ_id": doc.organ_id,
        "topic_id": doc.topic_id,
        "genre_id": doc.genre_id,
        "year": doc.year,
        "validity": VALIDITY_CODES.get(doc.validity, 0),
        "published": doc.published_ts,
    }


class TantivyBackend(BaseSearchBackend):
    name = "tantivy"

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        default = Path(getattr(settings, "VAR_DIR", ".")) / "search"
        self.path = Path(self.options.get("PATH") or default)
        self.heap = int(self.options.get("WRITER_HEAP", 64_000_000))
        self.threads = int(self.options.get("WRITER_THREADS", 1))
        self.schema = build_schema()
        self._writer: Any = None
        self._meta_mtime = 0
        self._index: tv.Index | None = None

    # ------------------------------------------------------------ opening
    @property
    def idx(self) -> tv.Index:
        if self._index is None:
            self._index = self._open()
        return self._index

    def _open(self) -> tv.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        state = self._read_state()
        if (self.path / "meta.json").exists():
            if state.get("schema") == SCHEMA_VERSION:
                try:
                    index = tv.Index.open(str(self.path))
                    index.config_reader("manual")
                    index.searcher().num_docs  # noqa: B018 - touches every segment file
                    return index
                except (ValueError, OSError) as exc:
                    log.warning("检索索引 %s 已损坏（%s），已清空并等待重建。", self.path, exc)
            else:
                log.warning("检索索引 %s 的结构版本不符，已清空并等待重建。", self.path)
            self._wipe()
        else:
            log.warning("检索索引 %s 不存在，已新建空索引并等待重建。", self.path)
        index = tv.Index(self.schema, str(self.path), reuse=False)
        index.config_reader("manual")
        self._write_state({"schema": SCHEMA_VERSION})
        return index

    def _wipe(self) -> None:
        for child in self.path.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)

    def _searcher(self) -> tv.Searcher:
        index = self.idx
        try:
            mtime = (self.path / "meta.json").stat().st_mtime_ns
        except OSError:
            mtime = 0
        if mtime != self._meta_mtime:
            index.reload()  # another process (the worker) committed
            self._meta_mtime = mtime
        return index.searcher()

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
        self.idx  # noqa: B018 - opening validates (and may reset) the state
        return self._read_state().get(key)

    def set_state(self, key: str, value: str | None) -> None:
        self.idx  # noqa: B018
        data = self._read_state()
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
        self._write_state(data)

    def schema_version(self) -> str:
        return SCHEMA_VERSION

    # ------------------------------------------------------------ writing
    def _new_writer(self, heap: int, threads: int) -> Any:
        for attempt in range(50):
            try:
                return self.idx.writer(heap, threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.2)  # another writer (worker or reindex) is committing
        raise AssertionError("unreachable")

    @contextmanager
    def bulk(self, *, threads: int | None = None, heap: int | None = None) -> Iterator[None]:
        """Hold one writer for many `index` calls; `commit()` makes batches durable."""
        self._writer = self._new_writer(heap or max(self.heap, 256_000_000), threads or 2)
        try:
            yield
            self.commit()
            self._writer.wait_merging_threads()
        finally:
            self._writer = None

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._after_commit()

    def _after_commit(self) -> None:
        self.idx.reload()
        try:
            self._meta_mtime = (self.path / "meta.json").stat().st_mtime_ns
        except OSError:
            self._meta_mtime = 0

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        if self._writer is not None:
            yield self._writer
            return
        writer = self._new_writer(self.heap, self.threads)
        try:
            yield writer
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer
        self._after_commit()

    def add_prepared(self, rows: Iterable[dict[str, Any]]) -> int:
        """Add already segmented documents (see `to_fields`) without deleting first."""
        n = 0
        with self._writing() as w:
            for row in rows:
                w.add_document(tv.Document.from_dict(row, self.schema))
                n += 1
        return n

    def index(self, docs: Iterable[IndexDoc]) -> int:
        n = 0
        with self._writing() as w:
            for doc in docs:
                w.delete_documents_by_query(self._id_query(doc.id))
                w.add_document(tv.Document.from_dict(to_fields(doc), self.schema))
                n += 1
        return n

    def delete(self, ids: Iterable[int]) -> None:
        with self._writing() as w:
            for pk in ids:
                w.delete_documents_by_query(self._id_query(int(pk)))

    def _id_query(self, pk: int) -> tv.Query:
        # A typed term query: delete_documents_by_term would build an i64 term for a u64 field.
        return tv.Query.term_query(self.schema, "id", pk)

    def clear(self) -> None:
        with self._writing() as w:
            w.delete_all_documents()

    def signatures(self) -> dict[int, int]:
        searcher = self._searcher()
        n = searcher.num_docs
        if not n:
            return {}
        addrs = [a for _, a in searcher.search(tv.Query.all_query(), n, count=False).hits]
        ids = searcher.fast_field_values("id", addrs)
        sigs = searcher.fast_field_values("sig", addrs)
        return {int(i): int(s or 0) for i, s in zip(ids, sigs, strict=True) if i is not None}

    def count(self) -> int:
        return int(self._searcher().num_docs)

    def check(self) -> list[str]:
        if not self.path.parent.exists():
            return [f"检索索引的上级目录 {self.path.parent} 不存在。"]
        return []

    # ------------------------------------------------------------ queries
    def _field_term(self, word: str, boosted: bool = True) -> tv.Query:
        clauses = [
            (
                tv.Occur.Should,
                tv.Query.boost_query(tv.Query.term_query(self.schema, f, word), BOOSTS[f])
                if boosted
                else tv.Query.term_query(self.schema, f, word),
            )
            for f in TEXT_FIELDS
        ]
        return tv.Query.boolean_query(clauses)

    def _term(self, term: analysis.Term) -> tv.Query:
        q = self._field_term(term.word)
        if not term.alternatives:
            return q
        # The document may hold the word only inside a longer one (人民政府 in 中华人民共和国政府):
        # all of its dictionary sub-words then stand in for it.
        alt = tv.Query.boolean_query(
            [(tv.Occur.Must, self._field_term(a, boosted=False)) for a in term.alternatives]
        )
        return tv.Query.boolean_query([(tv.Occur.Should, q), (tv.Occur.Should, alt)])

    def _phrase(self, words: list[str]) -> tv.Query:
        return tv.Query.boolean_query(
            [
                (
                    tv.Occur.Should,
                    tv.Query.boost_query(
                        tv.Query.phrase_query(self.schema, f, list(words)), BOOSTS[f] * 2
                    ),
                )
                for f in TEXT_FIELDS
            ]
        )

    def _filters(self, f: SearchFilters) -> list[tuple[tv.Occur, tv.Query]]:
        out: list[tv.Query] = []
        for name, value in (
            ("organs", f.organ),
            ("columns", f.column),
            ("topics", f.topic),
            ("genre_id", f.genre),
        ):
            if value:
                out.append(tv.Query.term_query(self.schema, name, int(value)))
        if f.year_from or f.year_to:
            out.append(
                tv.Query.range_query(
                    self.schema, "year", tv.FieldType.Unsigned, f.year_from or 0, f.year_to or 9999
                )
            )
        if f.validity:
            out.append(
                tv.Query.term_query(self.schema, "validity", VALIDITY_CODES.get(f.validity, 99))
            )
        # Filters select; they must not change the ranking.
        return [(tv.Occur.Must, tv.Query.const_score_query(q, 0.0)) for q in out]

    def build_query(self, req: SearchRequest, mode: Mode, exclude: list[int]) -> tv.Query:
        pq = req.query
        parts = [self._term(t) for t in pq.terms] + [self._phrase(p) for p in pq.phrases]
        keys = [
            tv.Query.boost_query(tv.Query.term_query(self.schema, "keys", k), KEY_BOOST)
            for k in pq.boost_keys
        ]
        occur = tv.Occur.Must if mode == "and" else tv.Occur.Should
        clauses = [(occur, q) for q in parts]
        if parts:
            clauses += [(tv.Occur.Should, q) for q in keys]
            text = tv.Query.boolean_query(clauses)
        else:
            text = tv.Query.boolean_query([(tv.Occur.Should, q) for q in keys])
        outer = [(tv.Occur.Must, text), *self._filters(req.filters)]
        if exclude:
            outer.append((tv.Occur.MustNot, tv.Query.term_set_query(self.schema, "id", exclude)))
        return tv.Query.boolean_query(outer)

    def _ids(self, searcher: tv.Searcher, hits: list[tuple[Any, Any]]) -> list[int]:
        if not hits:
            return []
        values = searcher.fast_field_values("id", [a for _, a in hits])
        return [int(i) for i in values if i is not None]

    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        searcher = self._searcher()
        q = self.build_query(req, mode, exclude)
        if req.sort == "date":
            res = searcher.search(
                q, max(limit, 1), count=True, order_by_field="published", offset=offset
            )
        else:
            res = searcher.search(q, max(limit, 1), count=True, offset=offset)
        hits = res.hits[:limit] if limit > 0 else []
        ids = self._ids(searcher, hits)
        scores = {i: float(s) for i, (s, _) in zip(ids, hits, strict=True)}
        return ids, int(getattr(res, "count", 0) or 0), scores

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        searcher = self._searcher()
        q = tv.Query.boolean_query(
            [
                (tv.Occur.Must, tv.Query.term_set_query(self.schema, "keys", keys)),
                *self._filters(filters),
            ]
        )
        res = searcher.search(q, 50, count=False, order_by_field="published")
        return self._ids(searcher, res.hits)

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        searcher = self._searcher()
        q = self.build_query(req, mode, [])
        aggs = {k: {"terms": {"field": f, "size": 30}} for k, f in FACET_FIELDS.items()}
        result = searcher.aggregate(q, aggs)
        out: dict[str, list[tuple[Any, int]]] = {}
        for key, agg in result.items():
            buckets = [(int(b["key"]), int(b["doc_count"])) for b in agg.get("buckets", [])]
            if key == "validity":
                out[key] = [(_VALIDITY_BY_CODE.get(k, ""), c) for k, c in buckets]
            else:
                out[key] = [(k, c) for k, c in buckets if k]
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
        searcher = self._searcher()
        res = searcher.search(tv.Query.boolean_query(clauses), limit, count=False)
        return self._ids(searcher, res.hits)
