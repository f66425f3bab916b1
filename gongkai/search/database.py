"""Database fallback: answers from the catalog tables while the index is missing or rebuilding.

Slower but correct: candidates come from the database (every word found somewhere in the item,
case-insensitively), then the same analysis and scorer as the in-memory backend rank them.
Used only when the configured backend reports it is not ready.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from gongkai.catalog.models import Item
from gongkai.core.conf import gongkai_settings
from gongkai.core.text import parse_doc_number
from gongkai.search import analysis
from gongkai.search.base import Mode, SearchFilters, SearchHits, SearchRequest
from gongkai.search.documents import Lookups, build_doc, indexable_items
from gongkai.search.dummy import DummyBackend, _entry

#: Enough for a useful first page, bounded so a common word cannot load the whole catalog.
MAX_CANDIDATES = 2000
_TEXT_FIELDS = ("title", "summary", "body", "keywords", "doc_number", "index_number")


def _word_q(word: str) -> Q:
    q = Q()
    for f in _TEXT_FIELDS:
        q |= Q(**{f"{f}__icontains": word})
    return q


def _term_q(term: analysis.Term) -> Q:
    """Candidates for one query word: items containing it, or all of its dictionary sub-words
    (就业补贴 → 就业 + 补贴 finds 就业创业补贴), which is when the ranking below counts it as
    found too; without them the index and this fallback would disagree."""
    q = _word_q(term.word)
    if term.alternatives:
        every = Q()
        for alternative in term.alternatives:
            every &= _word_q(alternative)
        q |= every
    for synonym in term.synonyms:  # every word of it; the scorer then asks for the phrase
        every = Q()
        for word in synonym:
            every &= _word_q(word)
        q |= every
    return q


class DatabaseBackend(DummyBackend):
    name = "database"
    supports_suggestions: ClassVar[bool] = True
    truncated = False
    _loaded: tuple[Any, ...] | None = None  # what `entries` holds the candidates of

    def _filtered(self, filters: SearchFilters) -> QuerySet[Item]:
        qs = indexable_items()
        if filters.organ:
            qs = qs.filter(
                Q(organ_id=filters.organ) | Q(organ__path__contains=f"/{filters.organ}/")
            )
        if filters.genre:
            qs = qs.filter(genre_id=filters.genre)
        if filters.year_from:
            qs = qs.filter(published_at__year__gte=filters.year_from)
        if filters.year_to:
            qs = qs.filter(published_at__year__lte=filters.year_to)
        if filters.validity:
            qs = qs.filter(validity=filters.validity)
        return qs

    def _load(self, req: SearchRequest, mode: Mode) -> None:
        # The facets ask for the candidates the last match just loaded (same words, filters and
        # mode): loaded once per search, not twice, each load an `icontains` over six text
        # fields of every item (63 s per page at scale, docs/benchmarks.md).
        loading = (req.query, req.filters, mode)
        if self._loaded == loading:
            return
        pq = req.query
        cond = Q()
        words = [_term_q(t) for t in pq.terms] + [_word_q(w) for p in pq.phrases for w in p]
        for word in words:
            cond = (cond & word) if mode == "and" else (cond | word)
        for key in pq.boost_keys:
            kind, _, value = key.partition(":")
            if kind == "ds":
                cond |= Q(doc_serial=int(value))
            elif kind == "dys":
                year, serial = value.split("-")
                cond |= Q(doc_year=int(year), doc_serial=int(serial))
        newest = self._filtered(req.filters).order_by("-published_at", "-pk")
        scan = gongkai_settings().SEARCH_FALLBACK_SCAN
        # Only the newest `scan` items are read: a rare word would otherwise make the database
        # read every item's text. Older items left unread make the results incomplete.
        window = indexable_items().filter(pk__in=newest.values("pk")[:scan])
        qs = window.filter(cond).order_by("-published_at", "-pk")
        self.entries = {}
        candidates = list(qs[: MAX_CANDIDATES + 1])
        lookups = Lookups(organ_ids=[item.organ_id for item in candidates])
        # More candidates than it may score: older matches are left out, and the total is low.
        self.truncated = (
            self.truncated or len(candidates) > MAX_CANDIDATES or newest[scan : scan + 1].exists()
        )
        for item in candidates[:MAX_CANDIDATES]:
            self.entries[item.pk] = _entry(build_doc(item, lookups))
        self._loaded = loading

    def search(self, req: SearchRequest) -> SearchHits:
        """The shared rules over the candidates; `incomplete` when some were left out, which
        the results page says (the index, once ready, looks at every document)."""
        self.truncated = False
        self._loaded = None  # a new search reads the database again (items change between)
        hits = super().search(req)
        hits.incomplete = self.truncated
        return hits

    def _match(
        self, req: SearchRequest, mode: Mode, exclude: list[int], offset: int, limit: int
    ) -> tuple[list[int], int, dict[int, float]]:
        self._load(req, mode)
        return super()._match(req, mode, exclude, offset, limit)

    def _facets(self, req: SearchRequest, mode: Mode) -> dict[str, list[tuple[Any, int]]]:
        self._load(req, mode)
        return super()._facets(req, mode)

    def _exact(self, keys: list[str], filters: SearchFilters) -> list[int]:
        cond = Q(pk__in=[])
        for key in keys:
            kind, _, value = key.partition(":")
            if kind == "dn":
                parsed = parse_doc_number(value)
                cond |= Q(doc_number=str(parsed) if parsed else value)
            elif kind == "in":
                cond |= Q(index_number__iexact=value)
        found = list(self._filtered(filters).filter(cond).order_by("-published_at", "-pk")[:50])
        if not filters.column:
            return [item.pk for item in found]
        lookups = Lookups(organ_ids=[item.organ_id for item in found])
        return [item.pk for item in found if filters.column in build_doc(item, lookups).columns]

    def suggest(self, query: analysis.ParsedQuery, limit: int = 8) -> list[int]:
        if not query.terms:
            return []
        qs = indexable_items()
        for t in query.terms:
            qs = qs.filter(title__icontains=t.word)
        return list(qs.order_by("-published_at").values_list("pk", flat=True)[:limit])
