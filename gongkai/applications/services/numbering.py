"""Numbers of applications and their letters.

Serials run per organ and year (locked row, no gaps). The application number (申请编号) is
"<stem>-<year>-<serial>" (e.g. `岚教-2026-0008`), unique across all organs: the stem is the
organ's own (`ReferencePrefix`), assigned once from its 机关代字 and never reused by another
organ. Letters are numbered like official documents, "<机关代字>〔<year>〕<serial>号"
(e.g. `岚教依申请〔2026〕21号`), with the organ's configured `Organ.doc_prefix` or, when it
has none, the stem followed by 依申请.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from gongkai.applications.models import DocumentSerial, ReferencePrefix
from gongkai.core.serials import next_serial as _next
from gongkai.orgs.models import Organ

#: A place name at the start of an organ's name (岚川市, 鹭溪县, 晓峰镇, 某某街道).
_PLACE = re.compile(
    r"^(?P<place>.+?(?:自治区|自治州|自治县|特别行政区|省|市|州|盟|县|旗|区|镇|乡|街道))"
)
#: A second place, only when a government or office follows it (鹭溪县|晓峰镇|人民政府).
_INNER_PLACE = re.compile(r"^(?P<place>.{1,6}?(?:县|区|镇|乡|街道))(?=人民政府|办事处)")
#: How a configured 机关代字 for letters ends; the application stem leaves it out.
_LETTER_SUFFIX = re.compile(r"(依申请公开|依申请|依申)$")
MAX_STEM = 12


def next_serial(*, organ: Organ, year: int, kind: str) -> int:
    """Reserve the next number; call inside a transaction (the row stays locked until commit)."""
    return _next(DocumentSerial, organ=organ, year=year, kind=kind)


def derived_stem(name: str) -> str:
    """A 机关代字 for an organ that has none configured, from its short name or name.

    The first character of its place and of its function, as official abbreviations are formed:
    岚川市人民政府 → 岚政, 岚川市人民政府办公室 → 岚政办, 岚川市教育局 → 岚教,
    鹭溪县晓峰镇人民政府 → 晓政, 测试市人力资源和社会保障局 → 测人社. Without a place name:
    the first two characters.
    """
    name = re.sub(r"\s+", "", name)
    match = _PLACE.match(name)
    if match is None:
        return name[:2]
    place, rest = match["place"], name[match.end() :]
    inner = _INNER_PLACE.match(rest)
    if inner is not None:
        place, rest = inner["place"], rest[inner.end() :]
    if not rest:
        return place[:2]
    if rest.startswith("人民政府"):
        function = "政办" if "办公室" in rest else "政"
    elif rest.startswith(("办事处", "街道办事处")):
        function = "办"
    else:
        # 人力资源和社会保障局 → 人社, 发展和改革委员会 → 发改: one character per joined part.
        function = "".join(part[:1] for part in rest.split("和")[:2])
    return place[0] + function


def organ_stem(organ: Organ) -> str:
    """The stem an organ's numbers start from: its 机关代字 without 依申请, or one derived."""
    configured = _LETTER_SUFFIX.sub("", (organ.doc_prefix or "").strip())
    stem = configured or derived_stem(organ.short_name or organ.name)
    return stem[:MAX_STEM] or "依申请"


def reference_prefix(organ: Organ) -> str:
    """The organ's application-number stem: assigned on first use, unique across organs.

    When another organ holds the stem already (two 岚教), a number is appended (岚教2) so that no
    application number can exist twice. Call inside the registering transaction.
    """
    found = ReferencePrefix.objects.filter(organ=organ).values_list("prefix", flat=True).first()
    if found is not None:
        return found
    stem = organ_stem(organ)
    for n in range(1, 1000):
        candidate = stem if n == 1 else f"{stem[: MAX_STEM - len(str(n))]}{n}"
        if ReferencePrefix.objects.filter(prefix=candidate).exists():
            continue
        try:
            with transaction.atomic():  # a savepoint: a race for the stem retries the next one
                return ReferencePrefix.objects.create(organ=organ, prefix=candidate).prefix
        except IntegrityError:
            mine = ReferencePrefix.objects.filter(organ=organ).first()
            if mine is not None:  # the same organ's concurrent first application won
                return mine.prefix
    raise RuntimeError(f"no free application-number stem for {organ}")


def application_reference(*, organ: Organ, year: int) -> str:
    """The next 申请编号 of `organ` for `year`, e.g. `岚教-2026-0008`."""
    serial = next_serial(organ=organ, year=year, kind="application")
    return f"{reference_prefix(organ)}-{year}-{serial:04d}"


def letter_prefix(organ: Organ) -> str:
    """The 机关代字 of the organ's letters: `Organ.doc_prefix`, else its stem + 依申请."""
    configured = (organ.doc_prefix or "").strip()
    if configured:
        return configured
    return f"{reference_prefix(organ)}依申请"


def letter_number(*, organ: Organ, year: int) -> tuple[str, int]:
    """The next letter number, as a 发文字号 (GB/T 9704-2012 7.2.5: 〔year〕 and 号)."""
    serial = next_serial(organ=organ, year=year, kind="letter")
    return f"{letter_prefix(organ)}〔{year}〕{serial}号", serial
