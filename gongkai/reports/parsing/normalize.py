"""Text normalisation for published reports: 繁→简, NFKC, whitespace, page furniture.

Published copies differ in width (（一） vs (一)), script (繁體 mirrors of portals), invisible
characters and page footers left by PDF-to-text; labels are matched on the normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gongkai.core.text import to_simplified

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Page furniture from PDF-to-text: "第 3 页 共 10 页", "第3页/共10页", "- 3 -", "— 3 —", "3 / 10".
_FOOTERS = (
    re.compile(r"第\s*\d+\s*页\s*[,/／]?\s*(?:共\s*\d+\s*页)?"),
    re.compile(r"共\s*\d+\s*页"),
    re.compile(r"(?m)^[ \t]*[-—–]{1,2}[ \t]*\d{1,3}[ \t]*[-—–]{1,2}[ \t]*$"),
    re.compile(r"(?m)^[ \t]*\d{1,3}[ \t]*/[ \t]*\d{1,3}[ \t]*$"),
    re.compile(r"(?m)^[ \t]*page[ \t]*\d+(?:[ \t]*of[ \t]*\d+)?[ \t]*$", re.IGNORECASE),
)


_PINYIN = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
_LOOKALIKES = {ord(a): b for a, b in {"－": "-", "﹣": "-", "−": "-", "／": "/", "︱": "|"}.items()}


def normalize_text(text: str) -> str:
    """繁→简, NFKC (full-width → half-width, ①→1), unified line ends, no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = to_simplified(text)
    text = unicodedata.normalize("NFKC", text)
    # Pinyin glosses some mirrors insert after characters: "机(jī)关(guān)".
    text = _PINYIN.sub("", text)
    # NFKC leaves these look-alikes; the tables use them as separators or signs.
    return text.translate(_LOOKALIKES)


def strip_page_furniture(text: str) -> str:
    for pattern in _FOOTERS:
        text = pattern.sub(" ", text)
    return text


_QUOTES = "\"'“”‘’「」『』"
_ENUM_SEP = "[.、．,:：]?"


@lru_cache(maxsize=512)
def label_pattern(label: str) -> str:
    """A regex for an official label that tolerates how copies mangle it.

    Any whitespace (line breaks from PDF text, one character per line in vertical headers) and
    numbers standing alone between the label's characters (a PDF row whose long label wraps
    around its figures) may appear between characters; quotes are optional; the enumerator's
    separator may be "." "、" or missing.
    """
    label = unicodedata.normalize("NFKC", label)
    gap = r"(?:\s*|\s+(?:[-+]?\d[\d,.]*\s+)+)"
    parts: list[str] = []
    i = 0
    enumerator = re.match(r"^(\d+|[一二三四五六七八九十]+)[.、]", label)
    if enumerator:
        parts.append(re.escape(enumerator.group(1)) + r"\s*" + _ENUM_SEP)
        i = enumerator.end()
    for ch in label[i:]:
        if ch.isspace():
            continue
        if ch in _QUOTES:
            parts.append(f"[{re.escape(_QUOTES)}]?")
            continue
        if ch in "/":
            piece = "[/／]"
        elif ch in "(（":
            piece = "[(（]"
        elif ch in ")）":
            piece = "[)）]"
        elif ch in ",，":
            piece = "[,，、]?"
        elif ch in ":：":
            piece = "[:：]?"
        else:
            piece = re.escape(ch)
        parts.append(piece)
    return gap.join(parts)


@lru_cache(maxsize=512)
def compile_label(*labels: str) -> re.Pattern[str]:
    """One pattern for a label and its aliases, longest first so that a full label wins."""
    ordered = sorted(set(labels), key=len, reverse=True)
    return re.compile("|".join(f"(?:{label_pattern(x)})" for x in ordered))
