"""The synonym dictionary of 全文检索: 低保 finds 最低生活保障, 公租房 finds 公共租赁住房.

Readers search with the everyday word, documents use the formal one (and the other way round).
The groups come from `data/synonyms.txt`, a file the operator edits, and from the rows of
同义词 in 配置管理 (`models.Synonym`). They are applied to the query, never to the index, so an
edit works at the next search without `gongkai search reindex`. `BaseSearchBackend.search` calls
`expand` before any backend sees the query, so every backend (the database fallback too) finds
the same documents. Backends need no database, so there `expand` uses the file alone; the
reader-facing entry point (`selectors.search_items`: pages, JSON, `gongkai search query`)
expands first with the rows of 配置管理 as well, and the backend leaves an expanded query as is.

Each member of a group is cut into words as indexing cuts text; a member of several words is
matched as a phrase (公共 租赁 住房 in this order), and a query that spells a multi-word member
out is treated as that member.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from django.db import DatabaseError

from gongkai.search import analysis

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"
#: Separators between the members of a group, on a line of the file or in a row of 配置管理.
_SEPARATORS = re.compile(r"[\s,，、;；=↔|/]+")
#: A member longer than this is a sentence, not a word: ignored.
MAX_MEMBER_CHARS = 30

logger = logging.getLogger("gongkai.search")

Group = tuple[tuple[str, ...], ...]  # the members of one group, each as its words


def parse_group(text: str) -> Group:
    """One group from a line ("低保 最低生活保障"): its members as words, duplicates and
    one-member lines dropped (a group of one says nothing)."""
    members: list[tuple[str, ...]] = []
    for raw in _SEPARATORS.split(text.strip()):
        if not raw or len(raw) > MAX_MEMBER_CHARS:
            continue
        tokens = tuple(analysis.words(analysis.normalise(raw)))
        if tokens and tokens not in members:
            members.append(tokens)
    return tuple(members) if len(members) > 1 else ()


def parse_file(text: str) -> list[Group]:
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        if group := parse_group(line):
            groups.append(group)
    return groups


@lru_cache(maxsize=4)
def _file_groups(path: Path, mtime_ns: int) -> tuple[Group, ...]:
    return tuple(parse_file(path.read_text(encoding="utf-8")))


def file_groups(path: Path = SYNONYMS_FILE) -> tuple[Group, ...]:
    """The file's groups, read again whenever the file changes."""
    try:
        return _file_groups(path, path.stat().st_mtime_ns)
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("同义词文件 %s 无法读取：%s", path, exc)
        return ()


def database_groups() -> list[Group]:
    """Active rows of 同义词 in 配置管理 (a handful: read at every search, always current)."""
    from gongkai.search.models import Synonym

    try:
        rows = list(Synonym.objects.filter(is_active=True).values_list("words", flat=True))
    except DatabaseError:  # table not there yet (before `migrate`): the file still works
        return []
    return [g for g in (parse_group(r) for r in rows) if g]


def synonym_map(*, database: bool = True) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """Member → the other members of every group it is in."""
    groups = [*file_groups(), *(database_groups() if database else [])]
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for group in groups:
        for member in group:
            out.setdefault(member, set()).update(m for m in group if m != member)
    return out


def expand(pq: analysis.ParsedQuery, *, database: bool = True) -> analysis.ParsedQuery:
    """The query with each word's synonyms (idempotent: a query is expanded once); with
    `database`, the rows of 配置管理 count as well as the file."""
    if pq.synonyms_applied or not pq.terms:
        return pq
    table = synonym_map(database=database)
    if not table:
        return replace(pq, synonyms_applied=True)
    terms = list(pq.terms)
    highlight = list(pq.highlight)
    # A multi-word member spelt out in the query (公共 租赁 住房) becomes one term: the member
    # as a phrase, or any of its synonyms.
    for member in sorted((m for m in table if len(m) > 1), key=len, reverse=True):
        n = len(member)
        for i in range(len(terms) - n + 1):
            if tuple(t.word for t in terms[i : i + n]) == member:
                joined = _joined(member)
                terms[i : i + n] = [analysis.Term(joined, synonyms=(member,))]
                highlight.append(joined)
                break
    out = []
    for term in terms:
        key = term.synonyms[0] if term.synonyms else (term.word,)
        others = sorted(table.get(key, ()))
        if others:
            term = replace(term, synonyms=tuple(dict.fromkeys([*term.synonyms, *others])))
            highlight += [_joined(m) for m in others]
        out.append(term)
    return replace(pq, terms=out, highlight=highlight, synonyms_applied=True)


def _joined(member: tuple[str, ...]) -> str:
    """A member's words as text: Chinese words run together, Latin ones are spaced."""
    text = ""
    for word in member:
        if text and word.isascii() and text[-1].isascii():
            text += " "
        text += word
    return text
