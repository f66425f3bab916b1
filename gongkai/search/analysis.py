"""Chinese text analysis shared by every search backend.

Index and query must segment the same way, so all backends call these functions:

- `normalise`: 繁→简 (OpenCC), full-width → half-width, lower case, 文号 brackets → 〔〕;
- `index_text`: precise jieba words in reading order (positions for phrases), followed by the
  dictionary sub-words of long words (search mode: 中华人民共和国政府 also yields 人民, 政府 …),
  appended after the text so they never break phrase positions;
- `parse_query`: words, quoted phrases and 文号/索引号 keys of a reader's query.

Segmentation uses rjieba (jieba's dictionary, Rust implementation: measured ~25× faster than
jieba with identical output) plus the government user dictionary in `data/userdict.txt`.
Changing that dictionary requires `gongkai search reindex` (`DICT_VERSION` changes with it).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import rjieba

from gongkai.core.text import parse_doc_number, to_simplified

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
MAX_QUERY_CHARS = 100
MAX_TERMS = 12

_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Only full-width letters/digits need folding: full-width punctuation is dropped as a separator.
_HAS_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
_OPEN = r"\[(（【［〔﹝{"
_CLOSE = r"\])）】］〕﹞}"
# A year in any bracket is a 文号 year: 益政办函[2018]29号 → 益政办函〔2018〕29号
# (legal-rules §5.1).
_YEAR_BRACKETS = re.compile(r"[" + _OPEN + r"]\s*(\d{4})\s*[" + _CLOSE + r"]")
# Separators: everything but letters and digits (the underscore too, as tantivy's `simple`
# tokenizer splits there). Index and query must agree on this.
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# 文号 fragments a reader may type instead of the whole number.
_YEAR_SERIAL = re.compile(r"〔(\d{4})〕\s*(\d{1,6})\s*号")
_SERIAL_ONLY = re.compile(r"^(\d{1,6})\s*号文?$")
_INDEX_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z/\-_.]{5,63}$")
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
# Function words that only make an AND stricter without adding meaning.
_STOP = frozenset("的了和与及或是在对把被之其等并于以为由")


def _load_dictionary() -> str:
    text = USER_DICT.read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 20000
        tag = parts[2] if len(parts) > 2 else "n"
        rjieba.add_word(parts[0], freq, tag)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


#: Changes whenever the user dictionary does: indexes built with another version are stale.
DICT_VERSION = _load_dictionary()


def _traditional_characters() -> re.Pattern[str]:
    """A character class of every CJK character that 繁→简 conversion changes.

    Government text is almost always simplified already, so `fold` converts only when one of
    these occurs (measured: the check costs ~1/5 of a conversion on a 1,100-character body).
    Built from the converter itself, so it always agrees with `to_simplified`.
    """
    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F)]
    chars = "".join(chr(i) for lo, hi in ranges for i in range(lo, hi + 1))
    converted = to_simplified(chars)
    if len(converted) == len(chars):
        changed = [a for a, b in zip(chars, converted, strict=True) if a != b]
    else:  # a phrase rule changed the length: fall back to one character at a time
        changed = [c for c in chars if to_simplified(c) != c]
    # Only BMP characters go in the class (a class with astral characters is matched ~250×
    # slower); any astral character simply sends the text through the converter.
    return re.compile(
        "[" + "".join(c for c in changed if ord(c) < 0x10000) + "\U00010000-\U0010ffff]"
    )


_TRADITIONAL = _traditional_characters()


# Anything `fold` may change: full-width letters and digits, traditional characters, astral
# characters and letters with case (full-width punctuation is a separator either way). Plain
# simplified text (most of every body) is returned after one scan.
_FOLDABLE = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000A-Z\u00c0-\u024f\u0370-\u052f"
    + _TRADITIONAL.pattern[1:]
)


def fold(text: str) -> str:
    """Script, width and case folding (what indexing needs: brackets are separators there)."""
    if not _FOLDABLE.search(text):
        return text
    if _HAS_WIDE.search(text):
        text = text.translate(_WIDTH)
    if _TRADITIONAL.search(text):
        text = to_simplified(text)
    return text.lower()


def normalise(text: str) -> str:
    """Fold script, width and case so that 繁體, full-width and bracket variants match."""
    if not text:
        return ""
    return _YEAR_BRACKETS.sub(r"〔\1〕", fold(text))


def words(text: str) -> list[str]:
    """Precise-mode words of already normalised text, punctuation and spaces dropped.

    Words containing separators ("1234-2020", "gb/t") are split there, as a reader types them.
    Separators become spaces before cutting: same output as filtering the words afterwards,
    measured ~25 % faster (this is the indexing hot path).
    """
    return " ".join(rjieba.cut(_NON_WORD.sub(" ", text))).split()


@lru_cache(maxsize=200_000)
def subwords(word: str) -> tuple[str, ...]:
    """Dictionary 2- and 3-character words inside a longer word (jieba's search mode)."""
    if len(word) <= 2 or not word.isalpha() or word.isascii():
        return ()
    found = [word[i : i + 2] for i in range(len(word) - 1) if rjieba.has_word(word[i : i + 2])]
    if len(word) > 3:
        found += [word[i : i + 3] for i in range(len(word) - 2) if rjieba.has_word(word[i : i + 3])]
    return tuple(found)


def index_subwords(word: str) -> tuple[str, ...]:
    """What indexing adds for a long word: `subwords`, and for words of five characters or
    more also the longer dictionary words inside (政府信息公开条例 → 信息公开, 政府信息公开), so
    that a reader's word finds it without the slower sub-word query."""
    found = subwords.__wrapped__(word)
    if len(word) > 4 and word.isalpha() and not word.isascii():
        found += tuple(
            word[i : i + n]
            for n in range(4, min(len(word), 9))
            for i in range(len(word) - n + 1)
            if rjieba.has_word(word[i : i + n])
        )
    return found


_LONG_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")
_SUBWORDS: dict[str, tuple[str, ...]] = {}  # indexing cache; bounded below


def index_text(text: str) -> str:
    """Text to index for one field: the words in reading order separated by spaces, then the
    dictionary sub-words of long words (appended, so phrase positions stay intact).

    Punctuation stays in the string: the engine's tokenizer drops every run of characters
    that are not letters or digits (tantivy's `simple` tokenizer; `index_tokens` for the
    others), which is what `words` does to a query. This is the indexing hot path (issue 5
    asks ≥ 5,000 documents/s including segmentation), so it does no per-word Python work.
    """
    if not text:
        return ""
    joined = " ".join(rjieba.cut(fold(text)))
    extra: list[str] = []
    cache = _SUBWORDS
    for w in set(_LONG_HAN.findall(joined)):
        found = cache.get(w)
        if found is None:
            if len(cache) > 500_000:
                cache.clear()
            found = cache[w] = index_subwords(w)
        if found:
            extra += found
    return joined + " " + " ".join(extra) if extra else joined


def index_tokens(text: str) -> list[str]:
    """The tokens of `index_text` (letter/digit runs), for engines that take token lists."""
    return _WORD.findall(index_text(text))


# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class Term:
    """One query word. A document matches it when it holds the word; or all of `alternatives`
    (the word's dictionary sub-words, tried only when the words themselves find nothing); or
    one of `synonyms` (token sequences matched as phrases: 低保 → 最低生活保障, from the
    synonym dictionary `search/synonyms.py`)."""

    word: str
    alternatives: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()

    @property
    def noise(self) -> bool:
        """A lone digit or Latin letter: it matches nearly every document (第1条, 1月, A栋), so
        it may narrow an AND but never carries a query alone or in the OR fallback."""
        return len(self.word) == 1 and self.word.isascii() and self.word.isalnum()


@dataclass
class ParsedQuery:
    text: str  # cleaned query as the reader will see it echoed back
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    exact_keys: list[str] = field(default_factory=list)  # 文号/索引号 keys that win outright
    boost_keys: list[str] = field(default_factory=list)  # 文号 fragments (〔2018〕29号, 29号文)
    highlight: list[str] = field(default_factory=list)  # normalised strings to mark in snippets
    truncated: bool = False
    synonyms_applied: bool = False  # `synonyms.expand` has run (it is idempotent through this)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases or self.exact_keys or self.boost_keys)

    @property
    def has_alternatives(self) -> bool:
        return any(t.alternatives for t in self.terms)

    def without_alternatives(self) -> ParsedQuery:
        """The query as first matched: every word as itself (or a synonym), none through its
        sub-words."""
        return replace(self, terms=[replace(t, alternatives=()) for t in self.terms])

    def without_noise(self) -> ParsedQuery:
        """The words that may match on their own (the OR fallback): lone digits and letters out."""
        return replace(self, terms=[t for t in self.terms if not t.noise])


# Markup pasted or typed into the box (`"<script>alert(1)</script>`): scripts and styles go
# whole, other tags leave their text. A lone < or > stays (a separator like any punctuation).
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<!--.*?(?:-->|$)|</?[a-zA-Z][^<>]*>", re.DOTALL)


def strip_markup(text: str) -> str:
    return _TAG.sub(" ", _SCRIPT.sub(" ", text))


def clean_query(raw: str) -> tuple[str, bool]:
    """Drop markup and control/format characters, collapse whitespace, cap the length."""
    chars = []
    for ch in unicodedata.normalize("NFC", strip_markup(str(raw or ""))):
        cat = unicodedata.category(ch)
        if ch.isspace():
            chars.append(" ")
        elif cat[0] == "C" or (cat == "So" and ord(ch) > 0xFFFF):
            continue  # control, format, private-use, surrogates; emoji (So above the BMP)
        else:
            chars.append(ch)
    text = " ".join("".join(chars).split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS].rstrip(), True
    return text, False


def doc_keys(doc_number: str, index_number: str) -> list[str]:
    """Exact keys stored with an item: the 文号 and its parts, and the 索引号."""
    keys = []
    parsed = parse_doc_number(doc_number) if doc_number else None
    if parsed:
        keys += [
            f"dn:{normalise(str(parsed))}",
            f"dys:{parsed.year}-{parsed.serial}",
            f"ds:{parsed.serial}",
        ]
    elif doc_number:
        keys.append(f"dn:{normalise(doc_number).replace(' ', '')}")
    if index_number:
        keys.append(f"in:{normalise(index_number).replace(' ', '')}")
    return keys


def parse_query(raw: str) -> ParsedQuery:
    text, truncated = clean_query(raw)
    pq = ParsedQuery(text=text, truncated=truncated)
    if not text:
        return pq
    norm = normalise(text)
    compact = norm.replace(" ", "")
    parsed = parse_doc_number(compact)
    if parsed:
        pq.exact_keys.append(f"dn:{normalise(str(parsed))}")
        pq.highlight.append(normalise(str(parsed)))
    elif (m := _SERIAL_ONLY.match(compact)) is not None:
        # "29号文": every 文号 with serial 29; the words 号/文 would only add noise.
        pq.boost_keys.append(f"ds:{int(m.group(1))}")
        pq.highlight.append(f"〕{int(m.group(1))}号")
        return pq
    else:
        if (m := _YEAR_SERIAL.search(compact)) is not None:
            pq.boost_keys.append(f"dys:{m.group(1)}-{int(m.group(2))}")
            pq.highlight.append(m.group(0))
        if _INDEX_NUMBER.match(compact) and any(c.isdigit() for c in compact):
            pq.exact_keys.append(f"in:{compact}")
            pq.highlight.append(compact)
    # Quoted phrases first; what is left is split into words.
    rest = norm
    for m in _QUOTED.finditer(norm):
        inner = next(g for g in m.groups() if g is not None)
        phrase = words(inner)
        if len(phrase) > 1:
            pq.phrases.append(phrase[:MAX_TERMS])
            pq.highlight.append(inner.strip())
        elif phrase:
            pq.terms.append(Term(phrase[0], subwords(phrase[0])))
        rest = rest.replace(m.group(0), " ")
    if pq.exact_keys and not pq.phrases:
        # A whole 文号/索引号 query also searches the text for documents citing it.
        rest = norm
    ws = [w for w in words(rest.replace('"', " ")) if w not in _STOP] or words(rest)
    seen: set[str] = {t.word for t in pq.terms}
    for w in ws:
        if w in seen or len(pq.terms) >= MAX_TERMS:
            continue
        seen.add(w)
        pq.terms.append(Term(w, subwords(w)))
        if not pq.exact_keys:
            # A 文号/索引号 is highlighted whole: its fragments (函, 号, 8 …) would light up
            # stray characters all over the page.
            pq.highlight.append(w)
    if all(t.noise for t in pq.terms) and not (pq.phrases or pq.exact_keys or pq.boost_keys):
        # Nothing but lone digits or letters ("1", "(1)", "a."): no query at all, rather than
        # every document that contains a 1.
        pq.terms, pq.highlight = [], []
    return pq
