"""Chinese text utilities: width folding, 文号 parsing and normalisation, 简繁 conversion."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc


def fold_width(text: str) -> str:
    """Full-width ASCII letters/digits/punctuation → half-width (ＡＢ１２ → AB12), CJK untouched."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


#: The 繁體 standards a site may choose (`GONGKAI["TRADITIONAL_VARIANT"]`). OpenCC's plain
#: `s2t` is not offered: it writes its base forms (爲, 羣, 裏, 着), which no reader uses daily.
#: Each of these converts phrase by phrase (发布 → 發佈 beside 头发 → 頭髮) into the forms of
#: the standard named; `s2twp` also replaces Taiwan's everyday vocabulary (软件 → 軟體), which
#: in government text also rewrites terms of law (信息 → 資訊, 文件 → 檔案, 程序 → 程式).
TRADITIONAL_VARIANTS = {
    "s2tw": "台湾正体（字形）",
    "s2hk": "香港繁体（字形）",
    "s2twp": "台湾正体（字形与惯用词）",
}
DEFAULT_TRADITIONAL_VARIANT = "s2tw"


def traditional_variant() -> str:
    """The configured standard; the default outside a configured Django process (scripts)."""
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_TRADITIONAL_VARIANT
    from gongkai.core.conf import gongkai_settings

    variant = gongkai_settings().TRADITIONAL_VARIANT
    return variant if variant in TRADITIONAL_VARIANTS else DEFAULT_TRADITIONAL_VARIANT


def to_traditional(text: str, variant: str | None = None) -> str:
    """简 → 繁 in the site's chosen standard (`traditional_variant`), never OpenCC's base forms."""
    return str(_converter(variant or traditional_variant()).convert(text))


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


# 文号 (document number): 机关代字 + 〔年份〕 + 序号 + 号. Official form uses 六角括号 〔〕;
# people type [] () （） 【】 ［］ or even 〔〕 look-alikes. legal-rules §5.1.
_OPEN = "[(（【［〔﹝{"
_CLOSE = "])）】］〕﹞}"
_DOC_NO = re.compile(
    r"^\s*(?P<agency>[^\s\[\](（）【】［］〔〕﹝﹞{}]+?)\s*"
    r"[" + re.escape(_OPEN) + r"]\s*(?P<year>\d{4})\s*[" + re.escape(_CLOSE) + r"]\s*"
    r"(?P<serial>\d+)\s*号?\s*$"
)


@dataclass(frozen=True)
class DocNumber:
    agency: str  # 机关代字, e.g. 国办函
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.agency}〔{self.year}〕{self.serial}号"


def parse_doc_number(raw: str) -> DocNumber | None:
    """Parse a typed 文号 into its parts, accepting the common bracket variants.

    Returns None when the text is not a 文号 of the standard shape.
    """
    text = unicodedata.normalize("NFC", raw or "").strip()
    text = text.replace("　", " ")
    m = _DOC_NO.match(text)
    if not m:
        return None
    agency = fold_width(m.group("agency")).strip()
    return DocNumber(agency=agency, year=int(m.group("year")), serial=int(m.group("serial")))


def normalise_doc_number(raw: str) -> str:
    """Canonical 〔〕 form when the 文号 parses, else the input with whitespace trimmed."""
    parsed = parse_doc_number(raw)
    return str(parsed) if parsed else (raw or "").strip()
