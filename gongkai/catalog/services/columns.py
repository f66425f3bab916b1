"""Catalog columns: the standard template applied to each new organ."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from gongkai.catalog.models import Column
from gongkai.orgs.models import Organ

_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "column_template.yaml"


@lru_cache(maxsize=1)
def column_template() -> list[dict[str, Any]]:
    with _TEMPLATE.open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh))


def _applies(entry: dict[str, Any], organ: Organ) -> bool:
    rule = entry.get("applies", "all")
    if rule == "art21_city_county":
        return organ.level in {Organ.Level.CITY, Organ.Level.COUNTY}
    if rule == "art21_township":
        return organ.level == Organ.Level.TOWNSHIP
    return True


def columns_create_default(*, organ: Organ) -> list[Column]:
    """Create the template columns an organ lacks (idempotent: existing codes are kept)."""
    existing = set(Column.objects.filter(organ=organ).values_list("code", flat=True))
    created: list[Column] = []

    def make(entry: dict[str, Any], parent: Column | None, order: int) -> None:
        if not _applies(entry, organ):
            return
        if entry["code"] in existing:
            col = Column.objects.get(organ=organ, code=entry["code"])
        else:
            col = Column.objects.create(
                organ=organ,
                parent=parent,
                name=entry["name"],
                code=entry["code"],
                kind=entry.get("kind", parent.kind if parent else Column.Kind.GENERAL),
                article=entry.get("article", ""),
                sort_order=order,
            )
            created.append(col)
        for i, child in enumerate(entry.get("children", []), start=1):
            make(child, col, i * 10)

    for i, entry in enumerate(column_template(), start=1):
        make(entry, None, i * 10)
    return created
