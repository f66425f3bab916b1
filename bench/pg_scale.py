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
import io
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ---- vocabulary (written for this generator) -------------------------------------------------

PLACES = [
    "岚山",
    "青溪",
    "云岭",
    "松江",
    "白沙",
    "临川",
    "东湖",
    "西岭",
    "南屏",
    "北川",
    "平安",
    "长宁",
    "永安",
    "清河",
    "柳城",
    "石门",
    "桃源",
    "梅岭",
    "金水",
    "玉泉",
    "龙潭",
    "凤凰",
    "新城",
    "和平",
    "兴隆",
    "安康",
    "富民",
    "丰泽",
    "福田",
    "瑞金",
]
DEPARTMENTS = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "体育局",
    "信访局",
    "数据局",
    "粮食和物资储备局",
    "地方金融管理局",
    "国有资产监督管理委员会",
    "城市管理局",
    "乡村振兴局",
    "机关事务管理局",
    "人民防空办公室",
    "供销合作社",
    "档案馆",
    "地震局",
    "气象局",
    "税务局",
]
TOPICS = [
    "就业",
    "创业",
    "补贴",
    "社会保障",
    "养老",
    "医疗",
    "教育",
    "招生",
    "住房",
    "保障房",
    "公积金",
    "交通",
    "道路",
    "公交",
    "环境",
    "空气质量",
    "水质",
    "污染防治",
    "农业",
    "种粮",
    "补助",
    "乡村",
    "扶贫",
    "救助",
    "低保",
    "残疾人",
    "优抚",
    "安全生产",
    "应急",
    "防汛",
    "消防",
    "市场监管",
    "食品安全",
    "药品",
    "价格",
    "收费",
    "财政",
    "预算",
    "决算",
    "三公经费",
    "政府采购",
    "招标",
    "规划",
    "土地",
    "征收",
    "拆迁",
    "不动产",
    "营商环境",
    "行政许可",
    "行政处罚",
    "双随机",
    "文化",
    "旅游",
    "体育",
    "卫生",
    "疫苗",
    "统计",
    "人口",
    "审计",
    "信访",
    "人事",
    "招聘",
    "公务员",
    "事业单位",
]
GENRES_TEXT = [
    "通知",
    "公告",
    "意见",
    "办法",
    "规定",
    "决定",
    "方案",
    "报告",
    "批复",
    "通报",
    "实施细则",
    "工作要点",
]
SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
]
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀",
    "霞",
    "平",
    "刚",
    "桂",
]

# Relative weight of each kind of organ in the number of items / applications it holds.
ITEM_WEIGHT = {
    ("government", "province"): 30.0,
    ("department", "province"): 8.0,
    ("government", "city"): 15.0,
    ("department", "city"): 3.0,
    ("government", "county"): 5.0,
    ("department", "county"): 1.2,
    ("government", "township"): 0.6,
    ("unit", "county"): 0.3,
}

YEARS = list(range(2020, 2027))


# ---- COPY text format -------------------------------------------------------------------------


def copy_value(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


class Table:
    """The concrete columns of a model and the default of each (Django defaults are not
    database defaults: a raw COPY must give every NOT NULL column a value)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.name: str = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = datetime.now(UTC)
            elif (
                f.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField"}
                or f.get_internal_type() == "URLField"
            ):
                self.defaults[f.attname] = ""
        self.attnames = [f.attname for f in self.fields]

    def line(self, values: dict[str, Any]) -> str:
        row = []
        for name in self.attnames:
            if name in values:
                row.append(copy_value(values[name]))
            elif name in self.defaults:
                row.append(copy_value(self.defaults[name]))
            else:
                raise KeyError(f"{self.name}.{name} needs a value")
        return "\t".join(row) + "\n"

    def copy(self, cursor: Any, rows: Iterable[dict[str, Any]], batch: int = 20000) -> int:
        """COPY the rows in chunks of `batch` lines; returns how many."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        sql = f'COPY "{self.name}" ({names}) FROM STDIN'
        n = 0
        buf = io.StringIO()
        pending = 0
        with cursor.copy(sql) as cp:
            for values in rows:
                buf.write(self.line(values))
                pending += 1
                n += 1
                if pending >= batch:
                    cp.write(buf.getvalue())
                    buf = io.StringIO()
                    pending = 0
            if pending:
                cp.write(buf.getvalue())
        return n


def reserve_ids(cursor: Any, table: str, count: int) -> int:
    """First of `count` fresh primary keys of `table` (the identity sequence moves past them)."""
    cursor.execute(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')")
    seq = cursor.fetchone()[0]
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 (model table)
    top = int(cursor.fetchone()[0])
    cursor.execute(f"SELECT last_value, is_called FROM {seq}")  # noqa: S608 (its sequence)
    last, called = cursor.fetchone()
    start = max(top, int(last) if called else int(last) - 1) + 1
    if count:
        cursor.execute("SELECT setval(%s, %s, true)", [seq, start + count - 1])
    return start


# ---- the organ tree ---------------------------------------------------------------------------


def organ_shape(total: int) -> list[tuple[int | None, str, str, str]]:
    """`total` organs as (parent index, kind, level, name), parents before children: the
    province government and its departments, cities with departments and counties, counties
    with departments and townships; grown until `total` is reached (breadth first, so a tiny
    scale is a province with a few departments and cities)."""
    shape: list[tuple[int | None, str, str, str]] = [
        (None, "government", "province", "青岚省人民政府")
    ]
    if total <= 1:
        return shape[:total]
    # Sizes for ~2,000 organs: 40 province departments, 12 cities × (25 departments + 8 counties),
    # each county 8 departments + townships to fill up.
    n_cities = max(1, min(12, total // 160))
    per_city_counties = 8
    n_counties = n_cities * per_city_counties
    fixed = 1 + 40 + n_cities * (1 + 25) + n_counties * (1 + 8)
    per_county_towns = max(1, (total - fixed) // n_counties + 1) if total > fixed else 1

    queue: list[tuple[int, str]] = [(0, "province")]
    while queue and len(shape) < total:
        parent, level = queue.pop(0)
        pname = shape[parent][3].replace("人民政府", "")
        if level == "province":
            children: list[tuple[str, str, str]] = []
            for c in range(n_cities):
                children.append(("government", "city", f"{PLACES[c % len(PLACES)]}市人民政府"))
                if c < 3:  # interleave a few departments so a tiny tree has both kinds
                    d = DEPARTMENTS[c]
                    children.append(("department", "province", f"青岚省{d}"))
            for d in DEPARTMENTS[3:40]:
                children.append(("department", "province", f"青岚省{d}"))
        elif level == "city":
            children = [("department", "city", f"{pname}{d}") for d in DEPARTMENTS[:25]]
            children += [
                ("government", "county", f"{pname}{PLACES[(parent + k) % len(PLACES)]}县人民政府")
                for k in range(per_city_counties)
            ]
        elif level == "county":
            children = [("department", "county", f"{pname}{d}") for d in DEPARTMENTS[:8]]
            children.append(("unit", "county", f"{pname}档案馆"))
            children += [
                (
                    "government",
                    "township",
                    f"{pname}{PLACES[(parent + k) % len(PLACES)]}{'镇乡'[k % 2]}人民政府",
                )
                for k in range(per_county_towns)
            ]
        else:
            children = []
        for kind, lvl, name in children:
            if len(shape) >= total:
                break
            shape.append((parent, kind, lvl, name))
            if kind == "government":
                queue.append((len(shape) - 1, lvl))
    # Fill any remainder with more townships under the counties, round robin.
    counties = [i for i, s in enumerate(shape) if s[1] == "government" and s[2] == "county"]
    k = 0
    while len(shape) < total:
        parent = counties[k % len(counties)] if counties else 0
        pname = shape[parent][3].replace("人民政府", "")
        shape.append((parent, "government", "township", f"{pname}第{k + 1}街道办事处"))
        k += 1
    return shape


def _org_code(pk: int) -> str:
    from gongkai.core.identifiers import make_org_code

    return make_org_code(f"Q{pk:07d}")


def _uscc(pk: int, org_code: str) -> str:
    from gongkai.core.identifiers import make_uscc

    return make_uscc(registration="11", division="360000", org_code9=org_code)


def generate_organs(cursor: Any, total: int) -> list[dict[str, Any]]:
    """Insert `total` organs (paths and tree keys set); returns them as dicts."""
    from gongkai.orgs.models import Organ, tree_keys

    shape = organ_shape(total)
    start = reserve_ids(cursor, Organ._meta.db_table, len(shape))
    organs: list[dict[str, Any]] = []
    for i, (parent, kind, level, name) in enumerate(shape):
        pk = start + i
        parent_row = organs[parent] if parent is not None else None
        code = _org_code(pk)
        organs.append(
            {
                "id": pk,
                "name": name,
                "short_name": name.replace("人民政府", "")[:40],
                "kind": kind,
                "level": level,
                "parent_id": parent_row["id"] if parent_row else None,
                "path": (parent_row["path"] if parent_row else "/") + f"{pk}/",
                "credit_code": _uscc(pk, code),
                "org_code": code,
                "division_code": "360000",
                "sort_order": 100 + i % 50,
                "gio_name": f"{name}办公室",
                "doc_prefix": f"青{pk}依申请",
                "answer_signoff": "approver",
            }
        )
    # Tree keys over the whole table (existing organs included), as `rebuild_tree_keys` does.
    cursor.execute('SELECT id, parent_id, sort_order, name FROM "orgs_organ"')
    rows = [tuple(r) for r in cursor.fetchall()]
    rows += [(o["id"], o["parent_id"], o["sort_order"], o["name"]) for o in organs]
    keys = tree_keys(rows)
    for o in organs:
        o["tree_key"] = keys[o["id"]]
    Table(Organ).copy(cursor, organs)
    return organs


def generate_columns(cursor: Any, organs: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each organ's template columns (as `columns_create_default` makes them)."""
    from gongkai.catalog.models import Column
    from gongkai.catalog.services.columns import column_template

    template = column_template()

    def applies(entry: dict[str, Any], level: str) -> bool:
        rule = entry.get("applies", "all")
        if rule == "art21_city_county":
            return level in {"city", "county"}
        if rule == "art21_township":
            return level == "township"
        return True

    per_organ: dict[int, list[dict[str, Any]]] = {}
    rows: list[dict[str, Any]] = []

    def count(entries: list[dict[str, Any]]) -> int:
        return sum(1 + count(e.get("children", [])) for e in entries)

    start = reserve_ids(cursor, Column._meta.db_table, count(template) * len(organs))
    next_id = start
    for organ in organs:
        mine: list[dict[str, Any]] = []

        def make(
            entry: dict[str, Any],
            parent: dict[str, Any] | None,
            order: int,
            organ: dict[str, Any] = organ,
            mine: list[dict[str, Any]] = mine,
        ) -> None:
            nonlocal next_id
            if not applies(entry, organ["level"]):
                return
            col = {
                "id": next_id,
                "organ_id": organ["id"],
                "parent_id": parent["id"] if parent else None,
                "name": entry["name"],
                "code": entry["code"],
                "kind": entry.get("kind", parent["kind"] if parent else "general"),
                "article": entry.get("article", ""),
                "sort_order": order,
                "is_active": True,
                "_has_children": bool(entry.get("children")),
            }
            next_id += 1
            mine.append(col)
            for i, child in enumerate(entry.get("children", []), start=1):
                make(child, col, i * 10)

        for i, entry in enumerate(template, start=1):
            make(entry, None, i * 10)
        per_organ[organ["id"]] = mine
        rows.extend(mine)
    Table(Column).copy(cursor, rows)
    return per_organ


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
    with connection.cursor() as wrapper:
        for name in ("orgs_organ", "catalog_column", "catalog_item", "applications_application"):
            wrapper.cursor.execute(f'ANALYZE "{name}"')
    step("analyze", t0)
    out["province_organ_id"] = organ_rows[0]["id"] if organ_rows else None
    out["timings_s"] = timings
    out["total_s"] = round(sum(timings.values()), 2)
    return out


# ---- measurement ------------------------------------------------------------------------------


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], list[dict[str, Any]]]:
    """Run `fn` `repeat` times (after one warm-up); returns the times and the queries of the
    last run (sql, time) as Django records them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    queries: list[dict[str, Any]] = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        queries = list(ctx.captured_queries)
    return times, queries


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON) " + sql)
        return "\n".join(r[0] for r in cursor.fetchall())


def measure(
    *,
    repeat: int = 5,
    with_explain: bool = False,
    only: set[str] | None = None,
    log: Callable[[str], None] | None = None,
    jit: bool = True,
) -> dict[str, Any]:
    """Time the pages and the subtree report on the current database."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from gongkai.catalog.models import Column, Item
    from gongkai.orgs.models import Membership, Organ, Role
    from gongkai.reports.builders import SCOPE_SUBTREE, build_report_data

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    results: dict[str, Any] = {}
    if not jit:  # PostgreSQL's JIT compiles big scans (0.2–0.9 s each here): try without
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    province = Organ.objects.filter(parent__isnull=True, level="province").order_by("id").last()
    if province is None:
        raise RuntimeError("no province organ: run `generate` first")
    county = (
        Organ.objects.filter(path__startswith=province.path, level="county", kind="government")
        .order_by("id")
        .first()
        or province
    )
    column = (
        Column.objects.filter(organ=province, kind="policy", parent__isnull=True).first()
        or Column.objects.filter(organ=province).annotate(n=Count("items")).order_by("-n").first()
    )
    item = (
        Item.objects.filter(organ=province, status="published", attribute="proactive")
        .order_by("-published_at")
        .first()
    )

    user_model = get_user_model()

    def staff(name: str, organ: Organ) -> Any:
        user, _ = user_model.objects.get_or_create(username=name)
        Membership.objects.get_or_create(user=user, organ=organ, role=Role.ORGAN_ADMIN)
        return user

    county_admin = staff("scale_county_admin", county)
    province_admin = staff("scale_province_admin", province)

    overrides = {
        "CACHES": {"default": dummy, "pages": dummy},
        "DEBUG": False,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # The search page answered by the database fallback (what readers get while the index
        # is missing or rebuilding).
        "SEARCH_BACKENDS": {
            "default": {"BACKEND": "database"},
            "fallback": {"BACKEND": "database"},
        },
    }
    with override_settings(**overrides):
        pages: list[tuple[str, str, Any]] = [
            ("home", "/", None),
            ("column_list", f"/column/{column.pk}/" if column else "/", None),
            ("column_list_page_50", f"/column/{column.pk}/?page=50" if column else "/", None),
            ("item", f"/item/{item.pk}/" if item else "/", None),
            ("organ_items", f"/organ/{province.pk}/", None),
            ("organ_items_county", f"/organ/{county.pk}/", None),
            ("browse_subtree", f"/browse/?organ={province.pk}", None),
            ("search_fallback", "/search/?q=" + "就业补贴", None),
            ("search_fallback_rare", "/search/?q=" + "无此词语甲乙", None),
            ("office_queue_county", "/office/applications/", county_admin),
            ("office_queue_province", "/office/applications/", province_admin),
            ("office_queue_province_overdue", "/office/applications/?due=overdue", province_admin),
        ]
        say = log or (lambda _msg: None)
        for name, url, who in pages:
            if only and name not in only:
                continue
            client = Client(raise_request_exception=True)
            if who is not None:
                client.force_login(who)

            def get(client: Client = client, url: str = url) -> Any:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
                return response

            times, queries = _timed(get, repeat)
            results[name] = _summary(url, times, queries, with_explain)
            say(f"{name}: {results[name]['median_ms']} ms")

        year = datetime.now(UTC).year - 1

        def report() -> Any:
            return build_report_data(province, year, scope=SCOPE_SUBTREE)

        if not only or "annual_report_province_subtree" in only:
            times, queries = _timed(report, repeat)
            results["annual_report_province_subtree"] = _summary(
                f"build_report_data({province.pk}, {year}, scope=subtree)",
                times,
                queries,
                with_explain,
            )
            say(f"annual_report: {results['annual_report_province_subtree']['median_ms']} ms")
    counts = {
        "organs": Organ.objects.count(),
        "items": Item.objects.count(),
        "applications": _count("applications_application"),
    }
    return {"counts": counts, "repeat": repeat, "jit": jit, "results": results}


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (a model table)
        return int(cursor.fetchone()[0])


def _summary(
    url: str, times: list[float], queries: list[dict[str, Any]], with_explain: bool
) -> dict[str, Any]:
    slow = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    out: dict[str, Any] = {
        "url": url,
        "median_ms": _median_ms(times),
        "max_ms": round(max(times) * 1000, 1),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "slowest": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]} for q in slow],
    }
    if with_explain and slow and slow[0]["sql"].lstrip().upper().startswith("SELECT"):
        out["explain"] = explain(slow[0]["sql"])
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
