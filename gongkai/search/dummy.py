"""In-memory backend for unit tests, and the scorer behind the database fallback.

Same analysis and rules as the real engines, scored with a small BM25-like formula in Python.
Nothing is persisted; fine for hundreds of documents, not for a portal.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from gongkai.search import analysis
from gongkai.search.base import (
    BOOSTS,
    KEY_BOOST,
    BaseSearchBackend,
    Mode,
    SearchFilters,
    SearchRequest,
)
from gongkai.search.documents import IndexDoc

FIELDS = ("title", "meta", "body")


@dataclass
class _Entry:
    doc: IndexDoc
    tokens: dict[str, list[str]]
    counts: dict[str, Counter[str]]


def _entry(doc: IndexDoc) -> _Entry:
    tokens = {f: analysis.index_tokens(getattr(doc, f)) for f in FIELDS}
    return _Entry(doc, tokens, {f: Counter(t) for f, t in tokens.items()})


def _has_phrase(seq: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    first = phrase[0]
    return any(seq[i] == first and seq[i : i + n] == phrase for i in range(len(seq) - n + 1))


def passes(doc: IndexDoc, f: SearchFilters) -> bool:
    if f.organ and f.organ not in doc.organs:
        return False
    if f.column and f.column not in doc.columns:
        return False
    if f.topic and f.topic not in doc.topics:
        return False
    if f.genre and f.genre != doc.genre_id:
        return False
    if f.year_from and doc.year < f.year_from:
        return False
    if f.year_to and doc.year > f.year_to:
        return False
    return not (f.validity and doc.validity != f.validity)


class Scorer:
    """Scores entries against a query; shared by the dummy and database backends."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        self.n = max(1, len(entries))

    def _idf(self, word: str) -> float:
        df = sum(1 for e in self.entries if any(word in e.counts[f] for f in FIELDS))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def _term(self, e: _Entry, term: analysis.Term) -> float:
        score = 0.0
        for f in FIELDS:
            c = e.counts[f]
            tf = c[term.word]
            if not tf and term.alternatives and all(c[a] for a in term.alternatives):
                tf = min(c[a] for a in term.alternatives)
            for synonym in term.synonyms if not tf else ():
                if len(synonym) == 1:
                    tf = c[synonym[0]]
                elif all(c[w] for w in synonym) and _has_phrase(e.tokens[f], list(synonym)):
                    tf = 1
                if tf:
                    break
            if tf:
                score += BOOSTS[f] * (tf * 2.2) / (tf + 1.2)
        return score

    def score(self, e: _Entry, req: SearchRequest, mode: Mode) -> float | None:
        pq = req.query
        parts: list[float] = []
        for term in pq.terms:
            s = self._term(e, term)
            parts.append(s * self._idf(term.word) if s else 0.0)
        for phrase in pq.phrases:
            s = sum(BOOSTS[f] for f in FIELDS if _has_phrase(e.tokens[f], phrase))
            parts.append(s * 2)
        key_hits = [k for k in pq.boost_keys if k in e.doc.keys]
        if parts:
            if mode == "and" and not all(parts):
                return None
            if mode == "or" and not any(parts):
                return None
        elif not key_hits:
            return None
        return sum(parts) + KEY_BOOST * len(key_hits)

    def ranked(
        self, req: SearchRequest, mode: Mode, exclude: list[int]
    ) -> list[tuple[_Entry, float]]:
        skip = set(exclude)
        out = []
        for e in self.entries:
            if e.doc.id in skip or not passes(e.doc, req.filters):
                continue
            s = self.score(e, req, mode)
            if s is not None:
                out.append((e, s))
        if req.sort == "date":
            out.sort(key=lambda p: (p[0].doc.published_ts, p[0].doc.id), reverse=True)
        else:
            out.sort(key=lambda p: (p[1], p[0].doc.published_ts, p[0].doc.id), reverse=True)
        return out


def facet_counts(docs: Iterable[IndexDoc]) -> dict[str, list[tuple[Any, int]]]:
    counters: dict[str, Counter[Any]] = {
        name: Counter() for name in ("organ", "topic", "genre", "year", "validity")
    }
    for d in docs:
        counters["organ"][d.organ_id] += 1
        if d.topic_id:
            counters["topic"][d.topic_id] += 1
        if d.genre_id:
            counters["genre"][d.genre_id] += 1
        if d.year:
            counters["year"][d.year] += 1
        counters["validity"][d.validity] += 1
    return {k: c.most_common(30) for k, c in counters.items()}


class DummyBackend(BaseSearchBackend):
    name = "dummy"
    persistent: ClassVar[bool] = False

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.entries: dict[int, _Entry] = {}
        self.state: dict[str, str] = {}

    def index(self, docs: Iterable[IndexDoc]) -> int:
        n = 0
        for doc in docs:
            self.entries[doc.id] = _entry(doc)
            n += 1
        return n

    def delete(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self.entries.pop(pk, None)

    def clear(self) -> None:
        self.entries.clear()

    def signatures(self) -> dict[int, int]:
        return {pk: e.doc.signature for pk, e in self.entries.items()}

    def get_state(self, key: str) -> str | None:
        return self.state.get(key)

    def set_state(self, key: str, value: str | None) -> None:
        if value is None:
            self.state.pop(key, None)
        else:
            self.state[key] = value

    def _scorer(self) -> Scorer:
        return Scorer(list(self.entries.values()))

    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        ranked = self._scorer().ranked(req, mode, exclude)
        page = ranked[offset : offset + limit]
        return [e.doc.id for e, _ in page], len(ranked), {e.doc.id: s for e, s in page}

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        wanted = set(keys)
        found = [
            e.doc
            for e in self.entries.values()
            if wanted & set(e.doc.keys) and passes(e.doc, filters)
        ]
        found.sort(key=lambda d: (d.published_ts, d.id), reverse=True)
        return [d.id for d in found]

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        return facet_counts(e.doc for e, _ in self._scorer().ranked(req, mode, []))

    def suggest(self, query: analysis.ParsedQuery, limit: int = 8) -> list[int]:
        words = [t.word for t in query.terms]
        if not words:
            return []
        *whole, last = words  # the last word may still be being typed: match it as a prefix
        hits = [
            e.doc
            for e in self.entries.values()
            if all(w in e.counts["title"] for w in whole)
            and any(t.startswith(last) for t in e.counts["title"])
        ]
        hits.sort(key=lambda d: (d.published_ts, d.id), reverse=True)
        return [d.id for d in hits[:limit]]
