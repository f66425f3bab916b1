"""PostgreSQL at scale (not a test): fill a database with a province-sized dataset and time the
pages and lists on it.

    createdb -h 127.0.0.1 -U postgres gongkai_scale
    export GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_scale
    export GONGKAI_ALLOW_DEV_SECRET=1
    .venv/bin/gongkai migrate
    .venv/bin/python bench/pg_scale.py generate --organs 2000 --items 5000000 --applications 500000
    .venv/bin/python bench/pg_scale.py measure [--repeat 5] [--explain]

`generate` adds (never deletes) an organ tree (省 → 省直部门, 设区的市 → 市直部门, 县 → 县直部门,
乡镇), each organ's standard columns (the column template), items spread over the organs (bigger
organs publish more) with a valid 索引号 unique per organ (its IndexSerial rows are set, so a later
publication continues the serial), and applications in every state over seven years, with a few
复议/诉讼. Rows go in with COPY in batches, with the foreign-key triggers off for the session
(`session_replication_role = replica`: the generator builds consistent rows itself; needs a
superuser, which `postgres` on 127.0.0.1 is). Prints one JSON object with the counts and timings.

`measure` times, on that database with the page caches off (DummyCache), each page rendered by
the Django test client (portal home, a column list, an item page, an organ's item list, the
search fallback, the back-office application queue for a county and for the province) and the
annual report of the whole province subtree (`reports.builders.build_report_data`, scope
subtree), and lists for each the slowest SQL statements; `--explain` adds EXPLAIN ANALYZE of
each page's slowest statement. Prints one JSON object.

`tests/test_pg_scale.py` runs `generate` at a tiny scale on the PostgreSQL test database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from pg_scale_measure import measure  # noqa: E402
from pg_scale_tables import (  # noqa: E402
    Table,
    generate_columns,
    generate_organs,
    reserve_ids,
)
from pg_scale_vocab import (  # noqa: E402 - bench/ is on the path from here on
    GENRES_TEXT,
    GIVEN,
    ITEM_WEIGHT,
    SURNAMES,
    TOPICS,
    YEARS,
)


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder)."""
    s = sum(weights) or 1.0
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:rest]:
        out[i] += 1
    return out


def _weight(organ: dict[str, Any]) -> float:
    return ITEM_WEIGHT.get((organ["kind"], organ["level"]), 1.0)


def _sentence(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(TOPICS) for _ in range(words))


def item_rows(
    rng: random.Random,
    organs: list[dict[str, Any]],
    columns: dict[int, list[dict[str, Any]]],
    counts: list[int],
    start_id: int,
    topic_ids: list[int],
    genre_ids: list[int],
    serials: dict[tuple[int, str], int],
) -> Iterator[dict[str, Any]]:
    """Items of each organ: ~90% published (with 索引号), the rest withdrawn or in the workflow."""
    from gongkai.catalog.rules import is_policy_document

    pk = start_id
    now = datetime.now(UTC)
    for organ, n in zip(organs, counts, strict=True):
        leaf = [c for c in columns[organ["id"]] if not c["_has_children"]] or columns[organ["id"]]
        # Items published in time order per organ, so the 索引号 serial grows with the date.
        span = (now - datetime(YEARS[0], 1, 1, tzinfo=UTC)).total_seconds()
        offsets = sorted(rng.random() * span for _ in range(n))
        for off in offsets:
            col = rng.choice(leaf)
            r = rng.random()
            if r < 0.90:
                status = "published"
            elif r < 0.93:
                status = "withdrawn"
            elif r < 0.96:
                status = "draft"
            elif r < 0.97:
                status = "pending_review"
            elif r < 0.98:
                status = "secrecy_review"
            elif r < 0.99:
                status = "awaiting_approval"
            else:
                status = "filed"
            published = datetime(YEARS[0], 1, 1, tzinfo=UTC) + timedelta(seconds=off)
            formed = published.date() - timedelta(days=rng.randint(1, 15))
            kind = "general"
            if col["kind"] == "policy":
                kind = "policy"
            elif col["kind"] == "interpretation":
                kind = "interpretation"
            year = f"{published:%Y}"
            title_topic = _sentence(rng, 2)
            genre_word = rng.choice(GENRES_TEXT)
            index_number = ""
            doc_number = ""
            doc_parts: tuple[str, int | None, int | None] = ("", None, None)
            if status in {"published", "withdrawn", "filed"}:
                key = (organ["id"], year)
                serials[key] = serials.get(key, 0) + 1
                index_number = f"{organ['org_code']}/{year}-{serials[key]:05d}"
                if rng.random() < 0.3:
                    doc_number = f"{organ['short_name'][:4]}发〔{year}〕{serials[key]}号"
                    doc_parts = (f"{organ['short_name'][:4]}发", int(year), serials[key])
            public = status in {"published", "withdrawn"}
            # as `Item.save` stores it (a raw COPY bypasses save)
            policy = is_policy_document(kind=kind, column=SimpleNamespace(**col))
            yield {
                "id": pk,
                "organ_id": organ["id"],
                "column_id": col["id"],
                "kind": kind,
                "title": f"关于{organ['short_name'][:10]}{title_topic}工作的{genre_word}",
                "index_number": index_number,
                "doc_number": doc_number,
                # as `catalog.services.items` stores them (parse_doc_number)
                "doc_agency": doc_parts[0],
                "doc_year": doc_parts[1],
                "doc_serial": doc_parts[2],
                "written_on": formed,
                "formed_on": formed,
                "published_at": published if public or status == "filed" else None,
                "topic_id": rng.choice(topic_ids) if topic_ids and rng.random() < 0.8 else None,
                "genre_id": rng.choice(genre_ids) if genre_ids and rng.random() < 0.8 else None,
                "keywords": " ".join(rng.sample(TOPICS, 3)),
                "summary": _sentence(rng, 8),
                "body": "<p>" + _sentence(rng, 40) + "</p><p>" + _sentence(rng, 30) + "</p>",
                "validity": "repealed" if kind == "policy" and rng.random() < 0.05 else "valid",
                "attribute": "proactive" if rng.random() < 0.97 else "on_request",
                "attribute_basis": "",
                "status": status,
                "withdrawn_at": published + timedelta(days=30) if status == "withdrawn" else None,
                "withdrawn_reason": "内容已更新，原文撤回。" if status == "withdrawn" else "",
                "policy_document": policy,
                "created_at": published - timedelta(days=1),
                "updated_at": published,
            }
            pk += 1


def _fix_attribute(row: dict[str, Any]) -> dict[str, Any]:
    if row["attribute"] == "on_request":
        row["attribute_basis"] = "art19_not_proactive"
        row["attribute_reason"] = "不属于应当主动公开的范围。"
    return row


APP_OUTCOMES = (
    ("granted", 45),
    ("partial", 10),
    ("denied.state_secret", 1),
    ("denied.third_party", 4),
    ("denied.process", 5),
    ("unable.not_held", 20),
    ("unable.needs_creation", 4),
    ("not_processed.duplicate", 3),
)


def application_rows(
    rng: random.Random,
    organs: list[dict[str, Any]],
    counts: list[int],
    start_id: int,
    references: dict[tuple[int, int], int],
) -> Iterator[dict[str, Any]]:
    """Applications over seven years: the old ones answered or archived, recent ones open."""
    from gongkai.applications.models import QUERY_CODE_ALPHABET
    from gongkai.applications.outcomes import OUTCOME_BY_KEY

    outcomes = [(k, w) for k, w in APP_OUTCOMES if k in OUTCOME_BY_KEY] or [("granted", 1)]
    keys = [k for k, _ in outcomes]
    weights = [w for _, w in outcomes]
    today = datetime.now(UTC).date()
    first = date(YEARS[0], 1, 1)
    span = (today - first).days
    pk = start_id
    seen_codes: set[str] = set()
    for organ, n in zip(organs, counts, strict=True):
        days = sorted(rng.randrange(span) for _ in range(n))
        for d in days:
            submitted = first + timedelta(days=d)
            receipt = submitted + timedelta(days=rng.choice((0, 0, 1, 3)))
            age = (today - submitted).days
            row: dict[str, Any] = {
                "id": pk,
                "organ_id": organ["id"],
                "channel": rng.choice(("online", "online", "online", "post_signed", "in_person")),
                "submitted_on": submitted,
                "confirmed_on": receipt,
                "receipt_date": receipt,
                "clock_start": receipt + timedelta(days=1),
                "due_date": receipt + timedelta(days=28),
                "applicant_type": "natural" if rng.random() < 0.85 else "organisation",
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "phone": f"13{rng.randrange(10**9):09d}",
                "id_type": "resident_id",
                "id_number": "",
                "description": f"申请公开{_sentence(rng, 3)}相关文件",
                "info_form": rng.choice(("paper", "electronic")),
                "delivery": rng.choice(("post", "email", "online")),
                "created_at": datetime(submitted.year, submitted.month, submitted.day, tzinfo=UTC),
                "updated_at": datetime(submitted.year, submitted.month, submitted.day, tzinfo=UTC),
            }
            if row["applicant_type"] == "organisation":
                row["org_subtype"] = rng.choice(
                    ("commercial", "research", "legal_services", "other")
                )
            r = rng.random()
            if age > 60 or r < 0.2:
                if rng.random() < 0.03:
                    row.update(status="withdrawn", withdrawn_on=receipt + timedelta(days=3))
                else:
                    answered = receipt + timedelta(days=rng.randint(3, 27))
                    row.update(
                        status="archived" if age > 120 else "answered",
                        outcome=rng.choices(keys, weights)[0],
                        answered_on=answered,
                        delivered_on=answered + timedelta(days=2),
                        archived_on=answered + timedelta(days=30) if age > 120 else None,
                    )
            elif age < 1:
                row.update(status="awaiting_confirmation", confirmed_on=None, receipt_date=None)
                row.update(clock_start=None, due_date=None)
            else:
                row["status"] = rng.choice(
                    (
                        "processing",
                        "processing",
                        "processing",
                        "correction",
                        "consulting",
                        "fee_pending",
                        "answer_review",
                        "answer_signoff",
                    )
                )
            year = submitted.year
            key = (organ["id"], year)
            references[key] = references.get(key, 0) + 1
            row["reference"] = f"SC{organ['id']}-{year}-{references[key]:04d}"
            code = "".join(rng.choice(QUERY_CODE_ALPHABET) for _ in range(12))
            while code in seen_codes:
                code = "".join(rng.choice(QUERY_CODE_ALPHABET) for _ in range(12))
            seen_codes.add(code)
            row["query_code"] = code
            yield row
            pk += 1


def generate(
    *,
    organs: int,
    items: int,
    applications: int,
    seed: int = 1,
    batch: int = 20000,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Add the dataset to the default database (PostgreSQL); returns counts and timings."""
    from django.db import connection, transaction

    from gongkai.applications.models import Application, LegalChallenge
    from gongkai.catalog.models import Genre, IndexSerial, Item, Topic

    if connection.vendor != "postgresql":
        raise RuntimeError("pg_scale needs PostgreSQL (COPY)")
    say = log or (lambda _msg: None)
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    out: dict[str, Any] = {
        "scale": {"organs": organs, "items": items, "applications": applications}
    }

    def step(name: str, t0: float) -> None:
        timings[name] = round(time.perf_counter() - t0, 2)
        say(f"{name}: {timings[name]} s")

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor, for COPY
        cursor.execute("SET LOCAL session_replication_role = replica")
        t0 = time.perf_counter()
        organ_rows = generate_organs(cursor, organs)
        step("organs", t0)
        t0 = time.perf_counter()
        columns = generate_columns(cursor, organ_rows)
        step("columns", t0)
    out["columns"] = sum(len(c) for c in columns.values())

    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    genre_ids = list(Genre.objects.values_list("pk", flat=True))
    item_counts = _spread(items, [_weight(o) for o in organ_rows])
    serials: dict[tuple[int, str], int] = {}
    # Serials already used by these organs (none: they are new) start at 0.
    t0 = time.perf_counter()
    with connection.cursor() as wrapper:
        start = reserve_ids(wrapper.cursor, Item._meta.db_table, items)
    rows = (
        _fix_attribute(r)
        for r in item_rows(
            rng, organ_rows, columns, item_counts, start, topic_ids, genre_ids, serials
        )
    )
    table = Table(Item)
    done = 0
    while True:
        chunk = []
        for r in rows:
            chunk.append(r)
            if len(chunk) >= batch * 5:
                break
        if not chunk:
            break
        with transaction.atomic(), connection.cursor() as wrapper:
            wrapper.cursor.execute("SET LOCAL session_replication_role = replica")
            done += table.copy(wrapper.cursor, chunk, batch)
        say(f"items: {done}")
    step("items", t0)
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as wrapper:
        wrapper.cursor.execute("SET LOCAL session_replication_role = replica")
        start = reserve_ids(wrapper.cursor, IndexSerial._meta.db_table, len(serials))
        Table(IndexSerial).copy(
            wrapper.cursor,
            (
                {"id": start + i, "organ_id": org, "period": period, "last_serial": last}
                for i, ((org, period), last) in enumerate(sorted(serials.items()))
            ),
        )
    step("index_serials", t0)

    accepting = [o for o in organ_rows if o["kind"] in {"government", "department"}]
    app_counts = _spread(applications, [_weight(o) for o in accepting])
    t0 = time.perf_counter()
    references: dict[tuple[int, int], int] = {}
    challenges: list[dict[str, Any]] = []
    with connection.cursor() as wrapper:
        start = reserve_ids(wrapper.cursor, Application._meta.db_table, applications)
    app_iter = application_rows(rng, accepting, app_counts, start, references)
    table = Table(Application)
    done = 0
    while True:
        chunk = []
        for r in app_iter:
            chunk.append(r)
            if r.get("answered_on") and rng.random() < 0.01:
                challenges.append(
                    {
                        "application_id": r["id"],
                        "kind": rng.choice(("review", "litigation_direct")),
                        "filed_on": r["answered_on"] + timedelta(days=20),
                        "body": "青岚省人民政府",
                        "result": rng.choice(("upheld", "upheld", "corrected", "pending")),
                    }
                )
            if len(chunk) >= batch * 5:
                break
        if not chunk:
            break
        with transaction.atomic(), connection.cursor() as wrapper:
            wrapper.cursor.execute("SET LOCAL session_replication_role = replica")
            done += table.copy(wrapper.cursor, chunk, batch)
        say(f"applications: {done}")
    with transaction.atomic(), connection.cursor() as wrapper:
        wrapper.cursor.execute("SET LOCAL session_replication_role = replica")
        start = reserve_ids(wrapper.cursor, LegalChallenge._meta.db_table, len(challenges))
        for i, c in enumerate(challenges):
            c["id"] = start + i
            if c["result"] != "pending":
                c["decided_on"] = c["filed_on"] + timedelta(days=60)
        Table(LegalChallenge).copy(wrapper.cursor, challenges)
    step("applications", t0)
    out["legal_challenges"] = len(challenges)

    t0 = time.perf_counter()
    # VACUUM too, as autovacuum would have by then on a live site: it marks the pages
    # all-visible, which the index-only scans (table 二's covering index) rely on. Not possible
    # inside a transaction (the tests' run): ANALYZE only there.
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as wrapper:
        for name in ("orgs_organ", "catalog_column", "catalog_item", "applications_application"):
            wrapper.cursor.execute(f'{verb} "{name}"')
    step("vacuum_analyze", t0)
    out["province_organ_id"] = organ_rows[0]["id"] if organ_rows else None
    out["timings_s"] = timings
    out["total_s"] = round(sum(timings.values()), 2)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--organs", type=int, default=2000)
    gen.add_argument("--items", type=int, default=5_000_000)
    gen.add_argument("--applications", type=int, default=500_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--batch", type=int, default=20000)
    mes = sub.add_parser("measure")
    mes.add_argument("--repeat", type=int, default=5)
    mes.add_argument("--explain", action="store_true")
    mes.add_argument("--only", default="", help="comma-separated page names")
    mes.add_argument("--no-jit", action="store_true", help="SET jit = off for the session")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if args.command == "generate":
        out = generate(
            organs=args.organs,
            items=args.items,
            applications=args.applications,
            seed=args.seed,
            batch=args.batch,
            log=lambda m: print(m, file=sys.stderr, flush=True),
        )
    else:
        out = measure(
            repeat=args.repeat,
            with_explain=args.explain,
            only={n for n in args.only.split(",") if n} or None,
            log=lambda m: print(m, file=sys.stderr, flush=True),
            jit=not args.no_jit,
        )
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
