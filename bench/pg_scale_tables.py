"""Writing half of `bench/pg_scale.py`, the low level: rows in PostgreSQL's COPY text format,
id ranges reserved from the sequences, and the organ tree with its template columns."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pg_scale_vocab import (
    DEPARTMENTS,
    PLACES,
)

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
