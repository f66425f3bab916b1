"""Legal rules of the catalog that other apps count by, one named function each.

Stored flags computed from a rule are set where the item is saved (`Item.save`), and re-set by
the receivers when what the rule reads changes elsewhere (a column's kind or article).
"""

from __future__ import annotations

from typing import Protocol

#: The column of 第二十条第（一）项 (行政法规、规章和规范性文件) in the standard template.
ARTICLE_20_1 = "20.1"


class _ColumnLike(Protocol):
    kind: str
    article: str


def is_policy_document(*, kind: str, column: _ColumnLike) -> bool:
    """Whether an item counts in table 二's 规章 / 行政规范性文件 rows of the annual report.

    《政府信息公开条例》第二十条第（一）项 lists 规章和规范性文件 as information to disclose
    proactively, and the annual report's table 二 (国办公开办函〔2021〕30号) counts them. The
    platform takes as such a document every item filed in the organ's 第二十条第（一）项 column
    (article "20.1"), in its 政策文件 column, or marked as kind 政策文件 — whichever column it is
    in. Stored on the item (`Item.policy_document`) so the report reads a partial index instead of
    joining every item to its column (issue 16 §7)."""
    from gongkai.catalog.models import Column, ItemKind

    return (
        kind == ItemKind.POLICY
        or column.kind == Column.Kind.POLICY
        or column.article == ARTICLE_20_1
    )
