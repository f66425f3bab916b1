"""Search benchmark (not a test): synthetic government corpus → index → query latency.

    .venv/bin/python bench/search_bench.py --docs 200000 --seed 1 [--backend tantivy] [--baseline]
    .venv/bin/python bench/search_bench.py --docs 200000 --backend postgres \
        [--pg-server postgres://postgres@127.0.0.1:5432/postgres]

Prints ONE JSON object (acceptance checks read this layout):
  {"backend": …, "docs": N, "index_docs_per_s": …,
   "classes": {"1w": {"p50_ms": …, "p99_ms": …}, "2w": …, "3w": …,
               "1w_filtered": …, "2w_filtered": …, "3w_filtered": …},
   "baseline": {…same layout, SQLite FTS5 trigram…}}      (with --baseline)

Corpus: reproducible from --seed. Titles and 55 % of sentences come from government templates
(agencies, topics, document types, places, dates, 文号); 45 % are clauses of jieba dictionary
words drawn by corpus frequency (Zipf tail). Body length log-normal, clipped to 300–5,000
characters. Organ tree: a province, 10 cities, each with 6 departments and 3 counties.
The corpus is generated first (untimed); `index_docs_per_s` is wall time for
`TantivyBackend.load` (the path `gongkai search reindex` takes): one process per shard (2 by
default) reads its share of the corpus, segments it and writes its shard; commit and merge
included. `--backend postgres` builds the index the way `gongkai search reindex` does on that
backend (`PostgresBackend.load`: one process per writer, `--shards` of them, inserting its
share in committed batches) in a throwaway database created on `--pg-server` and dropped
afterwards (never the site's own database: the benchmark clears the index it writes); `ANALYZE`
runs after the timed load, as autovacuum would.
Queries: 200 per class; 150 take 1–3 words (2–4 characters) of a random corpus document, 50
start with a portal topic (就业补贴, 营商环境 …); "filtered" adds an organ subtree (a city, ~10 %
of documents) and one publication year (~7 %).
Latency is measured through the backend's full search path (`BaseSearchBackend.search`, top 20,
AND with OR fallback, exact-key check), single-threaded, after one warm-up pass.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing as mp
import os
import pickle
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A throwaway benchmark database, never a deployment: the public development key will do.
os.environ.setdefault("GONGKAI_ALLOW_DEV_SECRET", "1")

import django

PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def _bench_database() -> str | None:
    """With `--backend postgres`: create a throwaway database and point Django at it.

    Runs before `django.setup()`, which reads the database URL from the environment.
    """
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--backend", default="tantivy")
    pre.add_argument("--pg-server", default=PG_SERVER)
    known, _ = pre.parse_known_args()
    if known.backend != "postgres":
        return None
    import psycopg

    name = f"gongkai_bench_{os.getpid()}"
    with psycopg.connect(known.pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(known.pg_server)._replace(path="/" + name)
    os.environ["GONGKAI_DATABASE_URL"] = urlunsplit(url)
    return name


def _drop_bench_database(name: str, server: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BENCH_DATABASE = _bench_database()
django.setup()

from gongkai.search import analysis  # noqa: E402
from gongkai.search.base import SearchFilters, SearchRequest  # noqa: E402
from gongkai.search.documents import VALIDITY_CODES, IndexDoc  # noqa: E402
from gongkai.search.tantivy_schema import Packed, pack  # noqa: E402

AGENCIES = [
    "人力资源和社会保障局",
    "民政局",
    "财政局",
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "农业农村局",
    "应急管理局",
    "自然资源和规划局",
]
TOPICS = [
    "就业补贴",
    "最低生活保障",
    "住房公积金",
    "营商环境",
    "政府信息公开",
    "行政复议",
    "城乡居民医疗保险",
    "义务教育",
    "安全生产",
    "食品安全",
    "乡村振兴",
    "政府采购",
    "养老保险",
    "棚户区改造",
    "临时救助",
    "一网通办",
    "放管服改革",
    "重大行政决策",
    "财政预决算",
    "疫情防控",
    "生态环境保护",
    "公共资源交易",
]
DOCTYPES = [
    "通知",
    "意见",
    "实施方案",
    "办法",
    "规定",
    "决定",
    "公告",
    "通告",
    "批复",
    "工作要点",
    "报告",
]
ACTIONS = ["进一步做好", "加强", "印发", "调整", "做好", "开展", "规范", "深化", "推进", "公布"]
PLACES = ["益阳", "长沙", "岳阳", "常德", "株洲", "湘潭", "衡阳", "邵阳", "郴州", "永州"]
SENTENCES = [
    "为深入贯彻落实{t}工作部署，{a}{p}市{g}决定{x}{t}相关工作。",
    "各县（市、区）{g}要高度重视{t}，明确责任分工，确保各项措施落到实处。",
    "根据《{p}市{t}管理办法》（{d}）规定，现将{t}有关事项{k}如下。",
    "自{y}年{m}月{day}日起，{t}标准调整为每人每月{n}元。",
    "申请人可通过政务服务网或线下窗口办理{t}，办理时限为{n}个工作日。",
    "对不符合条件的申请，应当书面告知申请人并说明理由。",
    "本{k}自发布之日起施行，有效期{n}年，由{p}市{g}负责解释。",
    "{y}年全市共办理{t}事项{n}件，按时办结率达到百分之九十九以上。",
    "各单位要加强宣传引导，及时回应社会关切，依法做好政府信息公开工作。",
    "请各地于{y}年{m}月底前将{t}工作落实情况报送市{g}。",
    "坚持以人民为中心的发展思想，持续优化营商环境，推进一网通办和放管服改革。",
]


def load_vocab() -> tuple[list[str], list[float]]:
    """Mid-frequency jieba dictionary words (2–4 chars) with their frequencies."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words, freqs = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            w, f, *_ = line.split()
            if 2 <= len(w) <= 4 and w.isalpha() and int(f) >= 50:
                words.append(w)
                freqs.append(float(f))
    return words, freqs


_VOCAB: tuple[list[str], list[float]] | None = None
_CUM: list[float] = []


def vocab() -> tuple[list[str], list[float]]:
    global _VOCAB, _CUM
    if _VOCAB is None:
        _VOCAB = load_vocab()
        total = 0.0
        _CUM = []
        for f in _VOCAB[1]:
            total += f
            _CUM.append(total)
    return _VOCAB


def organ_tree() -> list[list[int]]:
    """Leaf organ chains [province, city, unit]: ids 1, 2–11 cities, units from 100."""
    chains = []
    uid = 100
    for city in range(2, 12):
        chains.append([1, city])
        for _ in range(9):
            chains.append([1, city, uid])
            uid += 1
    return chains


CHAINS = organ_tree()
START = datetime(2012, 1, 1, tzinfo=UTC)
SPAN_DAYS = 14 * 365


def make_doc(seed: int, i: int) -> IndexDoc:
    rng = random.Random(seed * 1_000_003 + i)
    words, _ = vocab()
    topic, agency, place = rng.choice(TOPICS), rng.choice(AGENCIES), rng.choice(PLACES)
    published = START + timedelta(days=rng.randrange(SPAN_DAYS), seconds=rng.randrange(86400))
    year = published.year
    doc_no = f"{place[0]}{agency[0]}发〔{year}〕{rng.randint(1, 200)}号"
    title = f"关于{rng.choice(ACTIONS)}{topic}工作的{rng.choice(DOCTYPES)}"
    target = int(min(5000, max(300, rng.lognormvariate(math.log(900), 0.6))))
    parts: list[str] = []
    size = 0
    while size < target:
        if rng.random() < 0.55:
            s = rng.choice(SENTENCES).format(
                t=rng.choice(TOPICS) if rng.random() < 0.4 else topic,
                a="",
                p=place,
                g=agency,
                x=rng.choice(ACTIONS),
                d=doc_no,
                k=rng.choice(DOCTYPES),
                y=year,
                m=rng.randint(1, 12),
                day=rng.randint(1, 28),
                n=rng.randint(2, 900),
            )
        else:
            picks = rng.choices(words, cum_weights=_CUM, k=rng.randint(4, 9))
            s = "".join(picks) + rng.choice("，。；")
        parts.append(s)
        size += len(s)
    chain = CHAINS[rng.randrange(len(CHAINS))]
    return IndexDoc(
        id=i + 1,
        title=title,
        meta=f"{doc_no} {place}市{agency} {topic}",
        body="".join(parts),
        keys=analysis.doc_keys(doc_no, ""),
        organs=chain,
        columns=[],
        topics=[],
        organ_id=chain[-1],
        year=year,
        published=published,
    )


#: The corpus, generated before timing: per shard, its documents (`id % shards == shard`) in
#: id order as pickled batches of `pack`ed tuples (what a writer process unpickled from its
#: pipe when this process fed it). Forked writers inherit it; reading a batch touches one page.
BLOBS: list[list[bytes]] = []
BATCH = 250


def _generate_chunk(args: tuple[int, int, int, int]) -> list[list[bytes]]:
    seed, lo, hi, shards = args
    vocab()
    parts: list[list[Any]] = [[] for _ in range(shards)]
    for i in range(lo, hi):
        doc = make_doc(seed, i)
        parts[doc.id % shards].append(pack(doc))
    return [
        [pickle.dumps(part[k : k + BATCH], protocol=5) for k in range(0, len(part), BATCH)]
        for part in parts
    ]


def generate(seed: int, n: int, workers: int, shards: int) -> None:
    """Untimed: the corpus is input, not part of indexing."""
    BLOBS[:] = [[] for _ in range(shards)]
    jobs = [(seed, lo, min(n, lo + 2000), shards) for lo in range(0, n, 2000)]
    with mp.get_context("fork").Pool(workers) as pool:
        for per_shard in pool.imap(_generate_chunk, jobs):
            for s, blobs in enumerate(per_shard):
                BLOBS[s].extend(blobs)


def shard_source(shard: int, shards: int) -> Iterator[list[Any]]:
    """What each writer process reads (in a rebuild: its share of the database)."""
    for blob in BLOBS[shard]:
        yield pickle.loads(blob)  # noqa: S301 - our own corpus, built above


def corpus_batches() -> Iterator[list[Any]]:
    """Every document once (packed tuples), for the baseline."""
    for blobs in BLOBS:
        for blob in blobs:
            yield pickle.loads(blob)  # noqa: S301 - our own corpus, built above


def build_tantivy(path: Path, n: int, shards: int, heap: int | None) -> tuple[Any, float]:
    """Index the corpus the way `gongkai search reindex` does: `TantivyBackend.load`, one
    process per shard reading its own documents, segmenting them and writing its shard."""
    from gongkai.search.tantivy import TantivyBackend

    options: dict[str, Any] = {"PATH": path, "SHARDS": shards}
    if heap:
        options["LOAD_HEAP"] = heap
    backend = TantivyBackend(options)
    rate = timed_load(backend, shard_source, n)
    backend.mark_ready(True)
    return backend, rate


def timed_load(backend: Any, source: Any, n: int) -> float:
    """Documents per second of `backend.load(source=…)` into the emptied index."""
    backend.clear()
    started = time.monotonic()
    loaded = backend.load(source=source)
    rate = loaded / (time.monotonic() - started)
    if loaded != n:
        raise SystemExit(f"indexed {loaded} of {n} documents")
    return float(rate)


_VALIDITY = {code: value for value, code in VALIDITY_CODES.items()}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def unpack(t: Packed) -> IndexDoc:
    """The IndexDoc a `pack`ed corpus tuple came from (what a rebuild reads from the catalog)."""
    (pk, sig, title, meta, body, keys, organs, columns, topics, organ_id, topic_id, genre_id,
     year, validity, published) = t  # fmt: skip
    return IndexDoc(
        id=pk,
        title=title,
        meta=meta,
        body=body,
        keys=keys,
        organs=organs,
        columns=columns,
        topics=topics,
        organ_id=organ_id,
        topic_id=topic_id,
        genre_id=genre_id,
        year=year,
        validity=_VALIDITY[validity],
        published=EPOCH + timedelta(microseconds=published),
        signature=sig,
    )


def build_postgres(n: int, writers: int) -> tuple[Any, float]:
    """Index the corpus the way `gongkai search reindex` does on the postgres backend:
    `PostgresBackend.load`, one process per writer reading its share (`id % writers`),
    segmenting it and inserting it in batches of 250 on its own connection, each committed."""
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search.postgres import PostgresBackend

    def source(writer: int, writers: int) -> Iterator[list[IndexDoc]]:
        for batch in shard_source(writer, writers):
            yield [unpack(t) for t in batch]

    call_command("migrate", "search", verbosity=0)
    backend = PostgresBackend({"WRITERS": writers})
    rate = timed_load(backend, source, n)
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_entry")
    backend.mark_ready(True)
    return backend, rate


def make_queries(seed: int, n_docs: int) -> dict[str, list[tuple[str, SearchFilters]]]:
    """200 queries per class: 150 from words of random corpus documents, 50 led by a topic."""
    rng = random.Random(seed + 7)

    def doc_words() -> list[str]:
        doc = make_doc(seed, rng.randrange(n_docs))  # the same document the corpus holds
        ws = analysis.words(analysis.normalise(doc.title + " " + doc.body))
        return [w for w in ws if 2 <= len(w) <= 4 and w.isalpha()]

    classes: dict[str, list[tuple[str, SearchFilters]]] = {}
    for n in (1, 2, 3):
        plain, filtered = [], []
        for k in range(200):
            ws = doc_words()
            while len(set(ws)) < n:
                ws = doc_words()
            picked = rng.sample(sorted(set(ws)), n)
            if k >= 150:
                picked[0] = rng.choice(TOPICS)
            q = " ".join(picked)
            plain.append((q, SearchFilters()))
            year = rng.randint(2012, 2025)
            city = rng.randint(2, 11)
            filtered.append((q, SearchFilters(organ=city, year_from=year, year_to=year)))
        classes[f"{n}w"] = plain
        classes[f"{n}w_filtered"] = filtered
    return classes


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))
    return round(s[k], 2)


def time_classes(
    run: Any, classes: dict[str, list[tuple[str, SearchFilters]]], warm: int | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Latency per class, and what the queries found (a check that they did real work).

    Each class is first run untimed (`warm` queries of it; all by default): a serving index
    has its postings in the page cache.
    """
    out, found = {}, {}
    for name, queries in classes.items():
        for q, f in queries[:warm]:
            run(q, f)
        times = []
        returned, totals = [], []
        for q, f in queries:
            t = time.perf_counter()
            res = run(q, f)
            times.append((time.perf_counter() - t) * 1000)
            ids = getattr(res, "ids", res)
            returned.append(len(ids))
            totals.append(getattr(res, "total", len(ids)))
        out[name] = {"p50_ms": pct(times, 50), "p99_ms": pct(times, 99)}
        found[name] = {
            "mean_returned": round(sum(returned) / len(returned), 1),
            "mean_total": round(sum(totals) / len(totals), 1),
            "empty": sum(1 for r in returned if r == 0),
        }
    return out, found


# ---------------------------------------------------------------- FTS5 trigram baseline


def build_trigram(path: Path, n: int) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(path / "trigram.db")
    db.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, city INTEGER, organ INTEGER, year INTEGER,"
        " published INTEGER, title TEXT, body TEXT);"
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='id',"
        " tokenize='trigram');"
    )
    # Packed tuples: (id, sig, title, meta, body, keys, organs, …, organ_id, …, year, …, ts).
    elapsed = 0.0
    for docs in corpus_batches():
        started = time.monotonic()
        db.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?)",
            [(d[0], d[6][1], d[9], d[12], d[14], d[2], d[4]) for d in docs],
        )
        db.executemany(
            "INSERT INTO fts (rowid, title, body) VALUES (?,?,?)",
            [(d[0], d[2], d[4]) for d in docs],
        )
        db.commit()
        elapsed += time.monotonic() - started
    started = time.monotonic()
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.execute("CREATE INDEX docs_city_year ON docs (city, year)")
    db.commit()
    return db, n / (elapsed + time.monotonic() - started)


def trigram_runner(db: sqlite3.Connection) -> Any:
    def run(q: str, f: SearchFilters) -> list[int]:
        words = analysis.parse_query(q).terms
        long_words = [t.word for t in words if len(t.word) >= 3]
        short = [t.word for t in words if len(t.word) < 3]
        where, params = [], []
        for w in short:  # trigram cannot index 2-character words: scan with instr()
            where.append("instr(d.title || d.body, ?) > 0")
            params.append(w)
        if f.organ:
            where += ["d.city = ?", "d.year BETWEEN ? AND ?"]
            params += [f.organ, f.year_from, f.year_to]
        if long_words:
            match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            sql = (
                "SELECT d.id FROM fts CROSS JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? "  # noqa: S608
                + "".join(" AND " + c for c in where)
                + " ORDER BY bm25(fts, 5.0, 1.0) LIMIT 20"
            )
            return [r[0] for r in db.execute(sql, [match, *params])]
        sql = (
            "SELECT d.id FROM docs d"  # noqa: S608 - conditions are fixed strings; values bound
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY d.published DESC LIMIT 20"
        )
        return [r[0] for r in db.execute(sql, params)]

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", default="tantivy", choices=["tantivy", "postgres"])
    ap.add_argument(
        "--pg-server",
        default=PG_SERVER,
        help="PostgreSQL server for --backend postgres (a throwaway database is created there)",
    )
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", action="store_true", help="also SQLite FTS5 trigram")
    ap.add_argument("--workers", type=int, default=2, help="corpus generation processes")
    ap.add_argument(
        "--shards", type=int, default=2, help="tantivy shards / postgres writers (processes)"
    )
    ap.add_argument(
        "--load-heap", type=int, default=None, help="total writer memory in bytes (LOAD_HEAP)"
    )
    ap.add_argument("--dir", type=Path, default=None, help="where to build (default: temp dir)")
    args = ap.parse_args()
    vocab()
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        generate(args.seed, args.docs, args.workers, args.shards)
        # The corpus is fixed input, not part of the system measured: keep the garbage
        # collector from walking its millions of objects while we index and query.
        gc.freeze()
        if args.backend == "postgres":
            backend, rate = build_postgres(args.docs, args.shards)
        else:
            backend, rate = build_tantivy(
                workdir / "tantivy", args.docs, args.shards, args.load_heap
            )
        classes = make_queries(args.seed, args.docs)

        def run(q: str, f: SearchFilters) -> Any:
            return backend.search(SearchRequest(query=analysis.parse_query(q), filters=f, limit=20))

        timings, found = time_classes(run, classes)
        result: dict[str, Any] = {
            "backend": args.backend,
            "docs": args.docs,
            "index_docs_per_s": round(rate, 1),
            "classes": timings,
            "found": found,
        }
        if args.baseline:
            db, brate = build_trigram(workdir, args.docs)
            result["baseline"] = {
                "backend": "sqlite-fts5-trigram",
                "docs": args.docs,
                "index_docs_per_s": round(brate, 1),
                # 20 warm-up queries per class: a full pass would take ~15 min more.
                "classes": time_classes(trigram_runner(db), classes, warm=20)[0],
            }
            db.close()
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if args.dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        if BENCH_DATABASE:
            _drop_bench_database(BENCH_DATABASE, args.pg_server)


if __name__ == "__main__":
    main()
