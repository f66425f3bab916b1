"""Confidentiality scanner (保密审查 aid): finds personal data and secrecy marks in text.

It only flags; the 保密审查 reviewer decides each finding (确认 or 须删改) before the item moves
on. Patterns are validated (ID check digit, Luhn) so reviewers are not flooded with noise; an
ID-shaped number whose check digit is wrong is still flagged, as 疑似身份证号 (a mistyped ID is
still personal data, 《个人信息保护法》第二十八条), but only when the rest of it could be an ID.

`find_spans` is the one matcher: `scan_text` turns its spans into findings (masked excerpts) and
`mask_html` / `mask_plain` into the back-office preview, so the preview masks exactly what the
findings mask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape, unescape

from django.utils.timezone import localdate

from gongkai.core.identifiers import (
    is_valid_resident_id,
    luhn_valid,
    mask_middle,
    resident_id_check_char,
)
from gongkai.core.text import fold_width

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# 密级标志 (GB/T 9704: 绝密★, 机密★, 秘密★) and internal-circulation marks.
_SECRECY = re.compile(
    r"(绝密|机密|秘密)\s*★|★\s*(绝密|机密|秘密)|内部资料|内部文件|不得外传|注意保密|"
    r"内部使用|仅供内部|涉密|密\s*级"
)
# Province-level codes of GB/T 2260 (the first two digits of a 公民身份号码, GB 11643), with 83
# for 台湾居民居住证. A number with a wrong check digit is only 疑似 when it starts with one.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82", "83"}
)

#: Kinds whose text is personal data: masked in excerpts and in the preview.
MASKED_KINDS = frozenset({"id_number", "id_suspect", "mobile", "bank_card", "email"})


@dataclass(frozen=True)
class Hit:
    kind: str
    excerpt: str


@dataclass(frozen=True)
class Span:
    """Where a finding is in the text: `shown` replaces text[start:end] in the preview."""

    kind: str
    start: int
    end: int
    excerpt: str  # the finding's excerpt (masked; a secrecy mark with its context)
    shown: str  # what the preview shows in place of the span (masked, or the mark itself)


def _born(first17: str, today: date) -> bool:
    """The birth date (digits 7–14) is a real day between 1900 and today (GB 11643 §4.3)."""
    try:
        born = date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def id_kind(number: str, *, today: date | None = None) -> str | None:
    """`id_number` for a valid 公民身份号码, `id_suspect` for one whose check digit alone is
    wrong, None for an 18-digit number that cannot be an ID.

    Clearly not an ID: a region code starting with 0 (no GB/T 2260 province code does), an
    impossible or future birth date. A wrong check digit also needs a real province code: with the
    check digit gone, the rest must look like an ID before a reviewer is asked about it.
    """
    number = number.upper()
    today = today or localdate()
    if number[0] == "0" or not _born(number, today):
        return None
    if is_valid_resident_id(number):
        return "id_number"
    if number[:2] in _PROVINCES and resident_id_check_char(number[:17]) != number[17]:
        return "id_suspect"
    return None


def find_spans(text: str, *, today: date | None = None) -> list[Span]:
    """Every match in `text`, by kind (IDs, mobiles, cards, e-mails, secrecy marks), each in
    text order. Full-width digits are matched too; positions are those of `text` itself (width
    folding maps one character to one)."""
    original = text or ""
    text = fold_width(original)
    spans: list[Span] = []
    id_spans: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, excerpt: str, shown: str | None = None) -> None:
        spans.append(Span(kind, start, end, excerpt, excerpt if shown is None else shown))

    for m in _ID.finditer(text):
        kind = id_kind(m.group(1), today=today)
        if kind:
            id_spans.append(m.span(1))
            add(kind, *m.span(1), mask_middle(m.group(1).upper(), 6, 4))
    for m in _MOBILE.finditer(text):
        add("mobile", *m.span(1), mask_middle(m.group(1), 3, 4))
    for m in _CARD.finditer(text):
        if any(s <= m.start(1) < e for s, e in id_spans):
            continue
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn_valid(digits):
            add("bank_card", *m.span(1), mask_middle(digits, 4, 4))
    for m in _EMAIL.finditer(text):
        local, _, domain = m.group(0).partition("@")
        add("email", m.start(), m.end(), f"{local[:1]}***@{domain}")
    for m in _SECRECY.finditer(text):
        start, end = max(0, m.start() - 8), min(len(text), m.end() + 8)
        context = text[start:end].replace("\n", " ").strip()
        add("secrecy_mark", m.start(), m.end(), context, original[m.start() : m.end()])
    return spans


def scan_text(text: str) -> list[Hit]:
    """All findings in `text`, personal data masked in the excerpt, duplicates removed."""
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    for span in find_spans(text):
        key = (span.kind, span.excerpt)
        if key not in seen:
            seen.add(key)
            hits.append(Hit(span.kind, span.excerpt))
    return hits


# ---- the back-office preview: the same spans, masked and highlighted -----------------------

# A tag of sanitised HTML (nh3 output): quoted attribute values may hold ">".
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
# Tags that end a line of text: their boundary separates two numbers ("…5678</p><p>139…").
_BREAK = re.compile(
    r"</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|tfoot|caption|blockquote|pre|hr)"
    r"\b",
    re.IGNORECASE,
)


def html_text(html: str) -> str:
    """The text the scanner reads from body HTML: entities decoded, a line break per block."""
    return "".join(text for _tag, text in _pieces(html or ""))


def _pieces(html: str) -> list[tuple[str, str]]:
    """(tag, text) pairs in document order: a tag with "" text, or "" with decoded text; a
    line-breaking tag carries the "\\n" it adds to the text."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _TAG.finditer(html):
        if m.start() > pos:
            out.append(("", unescape(html[pos : m.start()])))
        out.append((m.group(0), "\n" if _BREAK.match(m.group(0)) else ""))
        pos = m.end()
    if pos < len(html):
        out.append(("", unescape(html[pos:])))
    return out


def _preview_spans(text: str) -> list[Span]:
    """Spans to highlight, without overlaps (an e-mail holding a mobile is marked once)."""
    chosen: list[Span] = []
    end = -1
    for span in sorted(find_spans(text), key=lambda s: (s.start, -(s.end - s.start))):
        if span.start >= end:
            chosen.append(span)
            end = span.end
    return chosen


def _mark(span: Span, labels: Mapping[str, str]) -> str:
    label = labels.get(span.kind, span.kind)
    return (
        f'<mark class="scan-hit scan-{span.kind}">'
        f'<span class="visually-hidden">〔保密扫描：{escape(label)}〕</span>'
        f"{escape(span.shown)}</mark>"
    )


def _masked(text: str, offset: int, spans: list[Span], labels: Mapping[str, str]) -> str:
    """`text` (at `offset` of the whole) escaped, with the spans it touches replaced.

    A span that starts here is written whole; the part of a span begun in an earlier piece
    (a number split by a tag) is dropped, so no digit of it is shown."""
    out, cursor, end = [], offset, offset + len(text)
    for span in spans:
        if span.end <= offset or span.start >= end:
            continue
        if span.start > cursor:
            out.append(escape(text[cursor - offset : span.start - offset]))
        if span.start >= offset:
            out.append(_mark(span, labels))
        cursor = min(span.end, end)
    out.append(escape(text[cursor - offset :]))
    return "".join(out)


def mask_html(html: str, labels: Mapping[str, str] | None = None) -> str:
    """Sanitised body HTML with every finding highlighted and its personal data masked as in
    the finding's excerpt (`110105********002X`). Tags are kept as they are."""
    labels = labels or {}
    pieces = _pieces(html or "")
    spans = _preview_spans("".join(text for _tag, text in pieces))
    out, offset = [], 0
    for tag, text in pieces:
        if tag:
            out.append(tag)
        else:
            out.append(_masked(text, offset, spans, labels))
        offset += len(text)
    return "".join(out)


def mask_plain(text: str, labels: Mapping[str, str] | None = None) -> str:
    """Plain text (内容概述) as HTML: escaped, findings highlighted and masked, lines kept."""
    text = text or ""
    html = _masked(text, 0, _preview_spans(text), labels or {})
    return html.replace("\r\n", "\n").replace("\n", "<br>")
