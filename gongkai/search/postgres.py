"""PostgreSQL backend: a tsvector of our own segmented tokens + GIN, for PostgreSQL-only sites.

PostgreSQL has no Chinese parser in Debian (zhparser/pg_jieba are not packaged), so we build the
tsvector literal ourselves: each jieba token with its position and weight (A title, B 文号/meta,
C body). Queries are tsquery literals, so no PostgreSQL parser ever re-splits our words.
Measured slower than tantivy at scale (ts_rank reads every matching row) but transactional:
the index commits with the task that wrote it.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, connections, transaction
from django.db.utils import DatabaseError

from gongkai.search import analysis
from gongkai.search.base import (
    BaseSearchBackend,
    Mode,
    SearchFilters,
    SearchRequest,
    organ_year,
)
from gongkai.search.documents import IndexDoc
from gongkai.search.parallel import (
    LoadTracker,
    die_with_parent,
    start_writers,
    use_own_database_connections,
    writers_running,
)

#: `source(writer, writers)` yields the documents with `id % writers == writer` in batches, in
#: ascending id order (`services.ShardItems` in a rebuild).
Source = Callable[[int, int], Iterable[list[IndexDoc]]]

SCHEMA_VERSION = "2"  # 2: index-time 4-character sub-words, punctuation dropped
MAX_POS = 16383  # PostgreSQL clamps positions above this
FACET_COLUMNS = {
    "organ": "organ_id",
    "topic": "topic_id",
    "genre": "genre_id",
    "year": "year",
    "validity": "validity",
}


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


#: Position labels ("17C") by weight, made once: formatting one per token took ~1/4 of
#: building a document's tsvector. Positions past MAX_POS all get MAX_POS, as PostgreSQL would.
_LABELS = {w: [f"{min(p, MAX_POS)}{w}" for p in range(MAX_POS + 1)] for w in "ABC"}


def tsvector_literal(doc: IndexDoc) -> str:
    """'就业':1A,7C '补贴':2A … built from the same tokens as the other backends."""
    positions: defaultdict[str, list[str]] = defaultdict(list)
    pos = 1
    for text, weight in ((doc.title, "A"), (doc.meta, "B"), (doc.body, "C")):
        tokens = [t for t in analysis.index_tokens(text) if len(t) <= 200]
        labels = _LABELS[weight][pos : pos + len(tokens)]
        labels += [_LABELS[weight][MAX_POS]] * (len(tokens) - len(labels))
        for tok, label in zip(tokens, labels, strict=True):
            positions[tok].append(label)
        pos += len(tokens) + 10  # no phrase across fields
    return " ".join(f"{_lexeme(tok)}:{','.join(p[:256])}" for tok, p in positions.items())


def _term_query(term: analysis.Term) -> str:
    word = _lexeme(term.word)
    if not term.alternatives and not term.synonyms:
        return word
    branches = [word]
    if term.alternatives:
        branches.append("(" + " & ".join(_lexeme(a) for a in term.alternatives) + ")")
    # Synonyms (search/synonyms.py): a one-word synonym as a word, a longer one as a phrase.
    branches += ["(" + " <-> ".join(_lexeme(w) for w in s) + ")" for s in term.synonyms]
    return "(" + " | ".join(branches) + ")"


def build_tsquery(pq: analysis.ParsedQuery, mode: Mode) -> str:
    parts = [_term_query(t) for t in pq.terms]
    parts += ["(" + " <-> ".join(_lexeme(w) for w in p) + ")" for p in pq.phrases]
    return (" & " if mode == "and" else " | ").join(parts)


class PostgresBackend(BaseSearchBackend):
    name = "postgres"
    table = "search_entry"

    def _cursor(self) -> Any:
        if connection.vendor != "postgresql":
            raise DatabaseError("PostgreSQL 检索后端需要 PostgreSQL 数据库。")
        return connection.cursor()

    # ------------------------------------------------------------ writing
    def index(self, docs: Iterable[IndexDoc]) -> int:
        rows = [
            (
                d.id,
                tsvector_literal(d),
                d.keys,
                d.organs,
                [organ_year(o, d.year) for o in d.organs],
                d.columns,
                d.topics,
                d.organ_id,
                d.topic_id,
                d.genre_id,
                d.year,
                d.validity,
                d.published,
                d.title,
                d.signature,
            )
            for d in docs
        ]
        if not rows:
            return 0
        with transaction.atomic(), self._cursor() as cur:
            cur.executemany(
                f"""INSERT INTO {self.table} (item_id, tsv, keys, organs, organ_years, columns,
                    topics, organ_id, topic_id, genre_id, year, validity, published, title,
                    signature)
                VALUES (%s, %s::tsvector, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                ON CONFLICT (item_id) DO UPDATE SET tsv = EXCLUDED.tsv, keys = EXCLUDED.keys,
                    organs = EXCLUDED.organs, organ_years = EXCLUDED.organ_years,
                    columns = EXCLUDED.columns,
                    topics = EXCLUDED.topics, organ_id = EXCLUDED.organ_id,
                    topic_id = EXCLUDED.topic_id, genre_id = EXCLUDED.genre_id,
                    year = EXCLUDED.year, validity = EXCLUDED.validity,
                    published = EXCLUDED.published, title = EXCLUDED.title,
                    signature = EXCLUDED.signature""",  # noqa: S608 - table name is a constant
                rows,
            )
        return len(rows)

    def load(
        self,
        batches: Iterable[list[IndexDoc]] | None = None,
        *,
        source: Source | None = None,
        commit_every: int = 0,
        on_commit: Callable[[int, int], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        replace: bool = False,
    ) -> int:
        """Add many documents (a rebuild); every batch is committed as it is written.

        From a `source`, one forked process per writer (option `WRITERS`, else `SHARDS`, else 2)
        reads its share of the items and writes it on a database connection of its own, so
        segmenting and building the tsvectors (measured 0.5–0.6 ms of Python per document, about
        as much as PostgreSQL spends inserting it) runs on every core. `batches` are written by
        this process, in its transaction if it has one (writer processes could neither see nor
        join it).
        `on_commit(count, last_id)`: every document up to `last_id` is committed (for
        `--resume`); `replace` is accepted for the `load` interface: rows are upserted anyway.
        """
        if (batches is None) == (source is None):
            raise TypeError("load() takes either batches or a source")
        if batches is not None:
            total = last = 0
            for batch in batches:
                if batch:
                    total += self.index(batch)
                    last = batch[-1].id
                    if on_commit:
                        on_commit(total, last)
            return total
        # One writer per core: WRITERS, or the SHARDS setting (GONGKAI_SEARCH_SHARDS) it shares.
        writers = max(1, int(self.options.get("WRITERS") or self.options.get("SHARDS") or 2))
        ctx = mp.get_context("fork")  # writers inherit the loaded dictionary and the source
        done = ctx.Queue()
        every = max(1, commit_every // writers) if commit_every else 0
        workers = [
            ctx.Process(
                target=_writer_process,
                args=(self.options, source, w, writers, every, done),
                daemon=True,
            )
            for w in range(writers)
        ]
        start_writers(workers)
        tracker = LoadTracker(workers, done, on_commit, on_progress, from_source=True)
        with writers_running(workers):
            tracker.wait_until_finished()
        if on_commit:
            on_commit(tracker.total, tracker.last_id)
        return tracker.total

    def delete(self, ids: Iterable[int]) -> None:
        with self._cursor() as cur:
            cur.execute(
                f"DELETE FROM {self.table} WHERE item_id = ANY(%s)",  # noqa: S608
                [[int(i) for i in ids]],
            )

    def clear(self) -> None:
        with self._cursor() as cur:
            cur.execute(f"DELETE FROM {self.table}")  # noqa: S608

    def signatures(self) -> dict[int, int]:
        with self._cursor() as cur:
            cur.execute(f"SELECT item_id, signature FROM {self.table}")  # noqa: S608
            return {int(a): int(b) for a, b in cur.fetchall()}

    def count(self) -> int:
        with self._cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
            return int(cur.fetchone()[0])

    def get_state(self, key: str) -> str | None:
        with self._cursor() as cur:
            cur.execute("SELECT value FROM search_state WHERE key = %s", [key])
            row = cur.fetchone()
        return str(row[0]) if row else None

    def set_state(self, key: str, value: str | None) -> None:
        with self._cursor() as cur:
            if value is None:
                cur.execute("DELETE FROM search_state WHERE key = %s", [key])
            else:
                cur.execute(
                    "INSERT INTO search_state (key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    [key, value],
                )

    def schema_version(self) -> str:
        return SCHEMA_VERSION

    def check(self) -> list[str]:
        if connection.vendor != "postgresql":
            return ["PostgreSQL 检索后端已配置，但数据库不是 PostgreSQL。"]
        return []

    # ------------------------------------------------------------ queries
    def _where(
        self, f: SearchFilters, exclude: list[int] | None = None
    ) -> tuple[list[str], list[Any]]:
        sql: list[str] = []
        params: list[Any] = []
        if organ_years := f.organ_years():
            # An organ and a year as one indexed term (migration 0002 says why).
            sql.append("organ_years && %s::bigint[]")
            params.append(organ_years)
        for column, value in (("organs", f.organ), ("columns", f.column), ("topics", f.topic)):
            if value and not (column == "organs" and organ_years):
                sql.append(f"{column} @> ARRAY[%s]::bigint[]")
                params.append(int(value))
        if f.genre:
            sql.append("genre_id = %s")
            params.append(int(f.genre))
        if f.year_from and not organ_years:  # the organ-year terms hold the years too
            sql.append("year >= %s")
            params.append(int(f.year_from))
        if f.year_to and not organ_years:
            sql.append("year <= %s")
            params.append(int(f.year_to))
        if f.validity:
            sql.append("validity = %s")
            params.append(f.validity)
        if exclude:
            sql.append("NOT (item_id = ANY(%s))")
            params.append([int(i) for i in exclude])
        return sql, params

    def _text(self, req: SearchRequest, mode: Mode) -> tuple[str, list[Any]]:
        """The match condition; 文号 fragment keys only rank when there are words too."""
        pq = req.query
        tsq = build_tsquery(pq, mode)
        if tsq:
            return "tsv @@ %s::tsquery", [tsq]
        return "keys && %s::text[]", [pq.boost_keys]

    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        pq = req.query
        text_sql, text_params = self._text(req, mode)
        where, params = self._where(req.filters, exclude)
        tsq = build_tsquery(pq, mode)
        rank = "ts_rank('{0.05, 0.25, 0.5, 1.0}', tsv, %s::tsquery)" if tsq else "0"
        rank_params: list[Any] = [tsq] if tsq else []
        if pq.boost_keys:
            rank += " + CASE WHEN keys && %s::text[] THEN 50 ELSE 0 END"
            rank_params.append(pq.boost_keys)
        order = (
            "published DESC, item_id DESC" if req.sort == "date" else "score DESC, published DESC"
        )
        sql = (
            f"SELECT item_id, {rank} AS score, count(*) OVER () FROM {self.table} "  # noqa: S608
            f"WHERE {' AND '.join([text_sql, *where])} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with self._cursor() as cur:
            cur.execute(sql, [*rank_params, *text_params, *params, max(limit, 1), offset])
            rows = cur.fetchall()
        total = int(rows[0][2]) if rows else 0
        if not rows and offset:
            total = self._count(text_sql, text_params, where, params)
        rows = rows[:limit] if limit > 0 else []
        return [int(r[0]) for r in rows], total, {int(r[0]): float(r[1]) for r in rows}

    def _count(
        self, text_sql: str, text_params: list[Any], where: list[str], params: list[Any]
    ) -> int:
        with self._cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM {self.table} WHERE {' AND '.join([text_sql, *where])}",  # noqa: S608
                [*text_params, *params],
            )
            return int(cur.fetchone()[0])

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        where, params = self._where(filters)
        cond = " AND ".join(["keys && %s::text[]", *where])
        sql = (
            f"SELECT item_id FROM {self.table} WHERE {cond} "  # noqa: S608
            "ORDER BY published DESC LIMIT 50"
        )
        with self._cursor() as cur:
            cur.execute(sql, [keys, *params])
            return [int(r[0]) for r in cur.fetchall()]

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        text_sql, text_params = self._text(req, mode)
        where, params = self._where(req.filters)
        out: dict[str, list[tuple[Any, int]]] = {}
        with self._cursor() as cur:
            for name, column in FACET_COLUMNS.items():
                cur.execute(
                    f"SELECT {column}, count(*) AS n FROM {self.table} "  # noqa: S608
                    f"WHERE {' AND '.join([text_sql, *where])} GROUP BY {column} "
                    "ORDER BY n DESC LIMIT 30",
                    [*text_params, *params],
                )
                out[name] = [(k, int(n)) for k, n in cur.fetchall() if k]
        return out

    def suggest(self, query: analysis.ParsedQuery, limit: int = 8) -> list[int]:
        words = [t.word for t in query.terms]
        if not words:
            return []
        *whole, last = words
        # Title tokens carry weight A: the :*A suffix restricts to titles, * makes a prefix.
        tsq = " & ".join([*(f"{_lexeme(w)}:A" for w in whole), f"{_lexeme(last)}:*A"])
        with self._cursor() as cur:
            cur.execute(
                f"SELECT item_id FROM {self.table} WHERE tsv @@ %s::tsquery "  # noqa: S608
                "ORDER BY published DESC LIMIT %s",
                [tsq, limit],
            )
            return [int(r[0]) for r in cur.fetchall()]


def _writer_process(
    options: dict[str, Any], source: Source, writer: int, writers: int, every: int, done: Any
) -> None:
    """A writer process of `PostgresBackend.load`: index one share of the items."""
    die_with_parent()
    try:
        use_own_database_connections()
        backend = PostgresBackend(options)
        count = last = since = 0
        for batch in source(writer, writers):
            if not batch:
                continue
            backend.index(batch)  # one transaction per batch
            count += len(batch)
            since += len(batch)
            last = max(last, batch[-1].id)
            done.put(("progress", writer, len(batch), last, ""))
            if every and since >= every:
                since = 0
                done.put(("committed", writer, count, last, ""))
        connections.close_all()  # this process's own connections
        done.put(("finished", writer, count, last, ""))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        done.put(("error", writer, 0, 0, repr(exc)))
