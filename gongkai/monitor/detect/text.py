"""Decoding pages (GBK/GB18030 without a charset header is common) and normalising their text
for the lexicon: full-width folded, lower case, simplified, the "(pinyin)" injected between
characters removed, blanks and separators squeezed out (with a map back to the text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from gongkai.core.text import fold_width, to_simplified

#: GB2312 and GBK pages are decoded as GB18030, their superset (a GBK page often holds a few
#: characters outside GB2312 and would fail to decode under its declared name).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _codec(name: str) -> str | None:
    import codecs

    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(body: bytes, *, header_charset: str = "") -> tuple[str, str]:
    """(text, encoding): the header's charset, else the page's <meta charset>, else a BOM,
    else detection (charset-normalizer), else UTF-8 with replacement characters."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    candidates = []
    if header_charset:
        candidates.append(header_charset)
    found = _META_CHARSET.search(body[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "ignore"))
    for name in candidates:
        codec = _codec(name)
        if codec:
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or "gb18030"
        # Chinese pages guessed as a single-byte code page are really GB18030.
        if codec.startswith(("cp125", "iso8859", "latin", "mac")):
            codec = "gb18030"
        return body.decode(codec, errors="replace"), codec
    return body.decode("gb18030", errors="replace"), "gb18030"


_CJK = r"[\u3400-\u9fff]"
_PINYIN = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńň]{1,7}[1-5]?"
#: 文(wen)章(zhang): pinyin in parentheses right after a character (spam pattern 3).
PINYIN_PARENS = re.compile(rf"(?<={_CJK})[(（]({_PINYIN})[)）]", re.I)
#: 公務(wù): toned pinyin in parentheses, left by a 简→繁 conversion tool (spam pattern 2).
TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")

#: Squeezed out before matching, so "b e t 3 6 5", "快·乐·十·分" and zero-width joins match.
_SQUEEZE = set(" \t\r\n\u00a0\u3000\u200b\u200c\u200d\u200e\u200f\u2060\ufeff·•・-_*|/\\~^'\"`.")


@dataclass(frozen=True)
class Normalised:
    text: str  # folded, lower, simplified, pinyin parentheses removed
    squeezed: str  # `text` without blanks and separators
    where: tuple[int, ...]  # squeezed index → index in `text`
    pinyin_parens: int  # how many "(pinyin)" were removed
    toned_parens: int  # of which with tone marks (conversion artefacts)

    def snippet(self, start: int, end: int, *, around: int = 24) -> str:
        """The normalised text around squeezed[start:end], on one line."""
        a = self.where[start] if start < len(self.where) else len(self.text)
        b = self.where[end - 1] + 1 if 0 < end <= len(self.where) else a
        s = max(a - around, 0)
        e = min(b + around, len(self.text))
        return " ".join(self.text[s:e].split())


def normalise(raw: str) -> Normalised:
    text = fold_width(raw).lower()
    toned = 0
    count = 0

    def _drop(match: re.Match[str]) -> str:
        nonlocal toned, count
        count += 1
        if TONED.search(match.group(1)):
            toned += 1
        return ""

    text = PINYIN_PARENS.sub(_drop, text)
    simplified = to_simplified(text)
    if len(simplified) == len(text):  # OpenCC's phrase table can change lengths; rarely does
        text = simplified
    squeezed: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _SQUEEZE:
            continue
        squeezed.append(ch)
        where.append(i)
    return Normalised(text, "".join(squeezed), tuple(where), count, toned)
