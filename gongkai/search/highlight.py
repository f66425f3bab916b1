"""Highlighted snippets in the original text (not the segmented text).

The original is normalised character by character (繁→简, width, case) so that positions in the
normalised copy are positions in the original; query words are found there and the matching
stretch of the *original* characters is wrapped in <mark>.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.core.text import to_simplified
from gongkai.search.analysis import _HAS_WIDE, _WIDTH

_OPEN = "[(（【［﹝{"
_CLOSE = "])）】］﹞}"
_BRACKETED_YEAR = re.compile("[" + re.escape(_OPEN) + r"]\s*\d{4}\s*[" + re.escape(_CLOSE) + "]")


def aligned_normalise(text: str) -> str:
    """Like `analysis.normalise` but guaranteed to keep every character at its position."""
    if _HAS_WIDE.search(text):
        text = text.translate(_WIDTH)
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase conversion changed the length: go char by char
        simplified = "".join(c if len(s := to_simplified(c)) != 1 else s for c in text)
    out = simplified.lower()
    if len(out) != len(text):
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in simplified)

    def brackets(m: re.Match[str]) -> str:
        s = m.group(0)
        return "〔" + s[1:-1] + "〕"

    return _BRACKETED_YEAR.sub(brackets, out)


def _spans(norm: str, needles: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    taken = [False] * len(norm)
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        start = norm.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
            start = norm.find(needle, end)
    spans.sort()
    return spans


def _render(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    parts: list[str] = []
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        parts.append(str(escape(text[pos:s])))
        parts.append("<mark>" + str(escape(text[s:e])) + "</mark>")
        pos = e
    parts.append(str(escape(text[pos:hi])))
    return "".join(parts)


def highlight_all(text: str, needles: list[str]) -> SafeString:
    """The whole (short) text, e.g. a title, with every match marked."""
    spans = _spans(aligned_normalise(text), needles)
    return mark_safe(_render(text, spans, 0, len(text)))


def best_snippet(text: str, needles: list[str], width: int = 120) -> tuple[SafeString, bool]:
    """The window of `text` with the most distinct matches; (html, whether anything matched)."""
    text = " ".join(text.split())
    if not text:
        return mark_safe(""), False
    norm = aligned_normalise(text)
    spans = _spans(norm, needles)
    if not spans:
        end = min(len(text), width)
        tail = "…" if end < len(text) else ""
        return mark_safe(escape(text[:end]) + tail), False
    best, best_score = spans[0][0], -1
    for s, _ in spans:
        window = [norm[a:b] for a, b in spans if s <= a < s + width]
        score = len(set(window)) * 100 + len(window)
        if score > best_score:
            best, best_score = s, score
    lo = max(0, best - width // 4)
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    html = ("…" if lo > 0 else "") + _render(text, spans, lo, hi) + ("…" if hi < len(text) else "")
    return mark_safe(html), True
