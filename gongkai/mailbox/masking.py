"""Personal data masked in what the public reads (a published letter and its reply).

Masked: the writer's own name, phone, ID number, e-mail and address wherever they appear, every
ID number, mobile, bank card and e-mail the 保密 scanner finds (`catalog/scanner.find_spans`, the
same matcher as the catalog's 保密审查), landline numbers and house numbers of addresses. The
scanner's secrecy marks are counted: a text carrying one is not published (`rules.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.catalog.scanner import MASKED_KINDS, find_spans
from gongkai.core.identifiers import mask_middle

_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[-－ ]?(\d{7,8})(?!\d)")
# 某某路12号、某某街3弄、某某小区5栋2单元301室: the numbers go, the street stays.
# Only after a place word (路, 小区, 栋 …), so a 文号's serial (〔2026〕3号) is left alone.
_HOUSE = re.compile(
    r"(?<=[路街巷道弄村区苑园里城座庄栋幢元楼])(\s*\d+)(?=\s*(?:号楼|号|弄|栋|幢|单元|室|楼))"
)


@dataclass(frozen=True)
class Masked:
    text: str
    secrecy_marks: int


def mask_name(name: str) -> str:
    """王芳 → 王*, 欧阳明月 → 欧***: the surname stays, the rest goes."""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def _known(text: str, personal: dict[str, str]) -> str:
    """The writer's own data, longest first (an address holds a name of a road, not the writer)."""
    replacements = {
        "name": mask_name,
        "phone": lambda v: mask_middle(v, 3, 2),
        "id_number": lambda v: mask_middle(v, 6, 2),
        "email": lambda v: v[:1] + "***@" + v.partition("@")[2],
        "address": lambda v: "（地址已隐去）",
    }
    pairs = [(v.strip(), replacements[k](v.strip())) for k, v in personal.items() if v.strip()]
    for value, shown in sorted(pairs, key=lambda p: -len(p[0])):
        if len(value) >= 2:
            text = text.replace(value, shown)
    return text


def mask_text(text: str, *, personal: dict[str, str] | None = None) -> Masked:
    """`text` with the personal data in it masked, and how many secrecy marks it carries."""
    text = _known(text or "", personal or {})
    spans = find_spans(text)
    marks = sum(1 for s in spans if s.kind == "secrecy_mark")
    out, cursor = [], 0
    for span in sorted((s for s in spans if s.kind in MASKED_KINDS), key=lambda s: s.start):
        if span.start < cursor:
            continue
        out.append(text[cursor : span.start])
        out.append(span.shown)
        cursor = span.end
    out.append(text[cursor:])
    masked = "".join(out)
    masked = _LANDLINE.sub(lambda m: f"{m.group(1)}-{mask_middle(m.group(2), 1, 2)}", masked)
    masked = _HOUSE.sub(lambda m: "*" * len(m.group(1).strip()), masked)
    return Masked(masked, marks)
