"""The search backend interface (modelled on Django's backend handlers and Wagtail's search).

A backend is chosen in `settings.SEARCH_BACKENDS["default"]["BACKEND"]` by dotted path and gets
its `OPTIONS`. Backends implement the primitives (`index`, `delete`, `_match`, `_exact`,
`_facets`, state); the shared rules live here: an exact 文号/索引号 hit wins outright, words are
ANDed, a word is matched through its dictionary sub-words only when the words themselves find
nothing, then OR when still nothing matches, and paging spans both parts. Every backend follows
these rules, so switching backends changes speed and ranking details, not what is found. An
OpenSearch backend would implement the same primitives over the same `IndexDoc`s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

from gongkai.search.analysis import ParsedQuery
from gongkai.search.documents import IndexDoc

Mode = Literal["and", "or"]
Sort = Literal["relevance", "date"]

#: Field boosts: title and 文号 (meta) above the body (issue 5 scope 2).
BOOSTS = {"title": 4.0, "meta": 2.0, "body": 1.0}
#: Exact 文号 fragments (〔2018〕29号) rank above any word match.
KEY_BOOST = 50.0
FACETS = ("organ", "topic", "genre", "year", "validity")
#: When the words themselves (AND) match fewer documents than this, each word may also match
#: through its dictionary sub-words (`Term.alternatives`: 就业补贴 → 就业 + 补贴 finds
#: 就业创业补贴) before falling back to OR. 1 = only when nothing matched: sub-words are indexed
#: with long words already, the findings (search-findings §5.6) measured no recall gain from
#: the expansion on random queries, and it made matching queries 5–10× slower on tantivy and
#: loose everywhere (工作者 would also find every text holding 工作 and 作者 apart).
EXPAND_BELOW = 1
#: Year ranges up to this long are expanded into organ-year terms.
MAX_ORGAN_YEARS = 40


def organ_year(organ: int, year: int) -> int:
    """One indexed term for "published by this organ or below, in this year".

    The portal's commonest filter is an organ subtree plus a year; as one term its posting
    list is ~10× shorter than the shorter of the two, which is what an AND is driven by.
    """
    return organ * 10_000 + year


@dataclass
class SearchFilters:
    organ: int | None = None  # organ subtree: the organ and everything below it
    column: int | None = None  # the column and its sub-columns
    topic: int | None = None  # a topic, or a top-level topic and its children
    genre: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    validity: str = ""

    def organ_years(self) -> list[int]:
        """The `organ_year` terms of an organ filter with a year range of at most
        `MAX_ORGAN_YEARS` years; empty when the filter has no such pair."""
        if not (self.organ and (self.year_from or self.year_to)):
            return []
        lo, hi = self.year_from or 0, self.year_to or 9999
        if not 0 < hi - lo + 1 <= MAX_ORGAN_YEARS:
            return []
        return [organ_year(int(self.organ), y) for y in range(lo, hi + 1)]

    @property
    def active(self) -> bool:
        return any(
            [
                self.organ,
                self.column,
                self.topic,
                self.genre,
                self.year_from,
                self.year_to,
                self.validity,
            ]
        )


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = False


@dataclass
class SearchHits:
    ids: list[int]
    total: int
    exact_ids: list[int] = field(default_factory=list)
    relaxed: bool = False  # AND found nothing; these results match some of the words
    expanded: bool = False  # words were also matched through their sub-words
    incomplete: bool = False  # the backend could not look at every document (database fallback)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)


class BaseSearchBackend:
    name: ClassVar[str] = "base"
    #: Capability flags (like Django's `DatabaseFeatures`): what the portal may offer.
    supports_phrases: ClassVar[bool] = True
    supports_facets: ClassVar[bool] = True
    supports_suggestions: ClassVar[bool] = True
    persistent: ClassVar[bool] = True

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = dict(options or {})

    # ------------------------------------------------------------ writing
    def index(self, docs: Iterable[IndexDoc]) -> int:
        """Insert or replace documents; returns how many were written."""
        raise NotImplementedError

    def delete(self, ids: Iterable[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Remove every document (start of a full rebuild)."""
        raise NotImplementedError

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Group many `index` calls (one writer for the whole rebuild where that matters)."""
        yield

    def commit(self) -> None:
        """Make what `bulk` wrote so far durable (a resumable rebuild commits per batch)."""

    def signatures(self) -> dict[int, int]:
        """id → signature of everything in the index (for verify)."""
        raise NotImplementedError

    def count(self) -> int:
        return len(self.signatures())

    # ------------------------------------------------------------ state
    def get_state(self, key: str) -> str | None:
        raise NotImplementedError

    def set_state(self, key: str, value: str | None) -> None:
        raise NotImplementedError

    def is_ready(self) -> bool:
        """A complete index built with the current dictionary and schema."""
        from gongkai.search.analysis import DICT_VERSION

        return self.get_state("ready") == f"{DICT_VERSION}:{self.schema_version()}"

    def mark_ready(self, ready: bool) -> None:
        from gongkai.search.analysis import DICT_VERSION

        self.set_state("ready", f"{DICT_VERSION}:{self.schema_version()}" if ready else None)

    def schema_version(self) -> str:
        return "1"

    def check(self) -> list[str]:
        """Problems for the system check (Chinese, one line each)."""
        return []

    # ------------------------------------------------------------ reading primitives
    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        """Ids of one page, total matches, scores."""
        raise NotImplementedError

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        raise NotImplementedError

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        raise NotImplementedError

    def suggest(self, query: ParsedQuery, limit: int = 8) -> list[int]:
        """Ids of items whose title matches every word, best first."""
        raise NotImplementedError

    # ------------------------------------------------------------ the search rules
    def search(self, req: SearchRequest) -> SearchHits:
        from gongkai.search.synonyms import expand

        # The synonym dictionary applies here, before any backend sees the query, so that every
        # backend (and the database fallback) finds the same documents for 低保 and 最低生活保障.
        # Backends need no database: the file here; `search_items` has added 配置管理's rows.
        pq = expand(req.query, database=False)
        req = replace(req, query=pq)
        if pq.empty:
            return SearchHits(ids=[], total=0)
        exact = self._exact(pq.exact_keys, req.filters) if pq.exact_keys else []
        page_exact = exact[req.offset : req.offset + req.limit]
        main_offset = max(0, req.offset - len(exact))
        main_limit = req.limit - len(page_exact)
        has_text = bool(pq.terms or pq.phrases or pq.boost_keys)
        mode: Mode = "and"
        ids: list[int] = []
        total = 0
        scores: dict[int, float] = {}
        used = req
        if has_text:
            used = replace(req, query=pq.without_alternatives())
            ids, total, scores = self._match(used, mode, exact, main_offset, main_limit)
            if total < EXPAND_BELOW and pq.has_alternatives:
                used = req
                ids, total, scores = self._match(used, mode, exact, main_offset, main_limit)
            # OR only over words that may match alone: with a lone "1" in it, "alert(1)" would
            # find every document that contains a 1.
            loose = pq.without_noise()
            words = len(pq.terms) + len(pq.phrases)
            if total == 0 and not exact and words > 1 and (loose.terms or loose.phrases):
                mode, used = "or", replace(req, query=loose)
                ids, total, scores = self._match(used, mode, exact, main_offset, main_limit)
        hits = SearchHits(
            ids=page_exact + (ids if main_limit > 0 else []),
            total=len(exact) + total,
            exact_ids=exact,
            relaxed=mode == "or",
            expanded=used.query.has_alternatives,
            scores=scores,
        )
        if req.facets and self.supports_facets and has_text:
            hits.facets = self._facets(used, mode)
        return hits
