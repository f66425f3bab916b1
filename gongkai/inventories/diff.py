"""The change list between two versions of a list (what the portal's history shows).

Entries are matched by `key`, which a copied draft keeps: a key only in the newer version is
added, only in the older one removed, in both with a field that differs changed (with the
labels of the fields that changed). Pure functions of plain rows, so they are tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
LABELS = {ADDED: "新增", REMOVED: "删除", CHANGED: "修改"}


@dataclass(frozen=True)
class Change:
    kind: str  # ADDED / REMOVED / CHANGED
    name: str  # the entry's name (the newer one for a change)
    fields: tuple[str, ...] = ()  # field names that changed (CHANGED only)
    old_name: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.kind]


Row = Mapping[str, Any]


def changes(older: Iterable[Row], newer: Iterable[Row], *, fields: Iterable[str]) -> list[Change]:
    """Rows are {"key", "name", <fields>…}; the result in the newer version's order, then the
    removed ones in the older version's order."""
    compared = ("name", *fields)
    old = {row["key"]: row for row in older}
    new = {row["key"]: row for row in newer}
    result: list[Change] = []
    for key, row in new.items():
        before = old.get(key)
        if before is None:
            result.append(Change(ADDED, str(row["name"])))
            continue
        differ = tuple(f for f in compared if _norm(before.get(f)) != _norm(row.get(f)))
        if differ:
            result.append(Change(CHANGED, str(row["name"]), differ, old_name=str(before["name"])))
    result.extend(Change(REMOVED, str(row["name"])) for key, row in old.items() if key not in new)
    return result


def _norm(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
