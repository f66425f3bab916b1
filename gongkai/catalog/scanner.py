"""Confidentiality scanner (保密审查 aid): finds personal data and secrecy marks in text.

It only flags; the 保密审查 reviewer decides and must acknowledge every finding before the item
moves on. Patterns are validated (ID check digit, Luhn) so reviewers are not flooded with noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core.identifiers import is_valid_resident_id, luhn_valid, mask_middle
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


@dataclass(frozen=True)
class Hit:
    kind: str
    excerpt: str


def scan_text(text: str) -> list[Hit]:
    """All findings in `text`, personal data masked in the excerpt, duplicates removed."""
    text = fold_width(text or "")
    hits: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    id_spans: list[tuple[int, int]] = []

    def add(kind: str, excerpt: str) -> None:
        key = (kind, excerpt)
        if key not in seen:
            seen.add(key)
            hits.append(Hit(kind, excerpt))

    for m in _ID.finditer(text):
        if is_valid_resident_id(m.group(1)):
            id_spans.append(m.span(1))
            add("id_number", mask_middle(m.group(1).upper(), 6, 4))
    for m in _MOBILE.finditer(text):
        add("mobile", mask_middle(m.group(1), 3, 4))
    for m in _CARD.finditer(text):
        if any(s <= m.start(1) < e for s, e in id_spans):
            continue
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn_valid(digits):
            add("bank_card", mask_middle(digits, 4, 4))
    for m in _EMAIL.finditer(text):
        local, _, domain = m.group(0).partition("@")
        add("email", f"{local[:1]}***@{domain}")
    for m in _SECRECY.finditer(text):
        start, end = max(0, m.start() - 8), min(len(text), m.end() + 8)
        add("secrecy_mark", text[start:end].replace("\n", " ").strip())
    return hits
