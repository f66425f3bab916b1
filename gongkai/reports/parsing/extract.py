"""Finding rows in a report's text and reading the figures that follow each label.

Rows are located by their labels, in the official order, so that a label's enumerator ("2.")
is never read as a figure. The text between one label and the next is the row's cells: either
pipe-separated cells (HTML tables and markdown-like copies, where a blank cell stays blank) or
loose figures (crawled text, one cell per line, PDF text) that may have run together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.reports.parsing.normalize import compile_label

_NOISE = (
    re.compile(r"第\s*二十\s*条\s*第\s*[(（]\s*[一二三四五六七八九十\d]+\s*[)）]\s*项"),
    re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:\s*度)?"),
    re.compile(r"[(（]\s*单位\s*[:：]?[^)）]{0,6}[)）]"),
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?P<num>(?:(?<!\.)[-+](?=\d))?(?:{_NUM}))\s*(?:万元|元)?"
    r"|(?P<blank>(?<![^\s|])(?:-{1,2}|—{1,2}|/|无)(?![^\s|]))"
    r"|(?P<text>[^\s\d|]+)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CELL = re.compile(rf"^\s*[-+]?(?:{_NUM})\s*(?:万元|元)?\s*$")


@dataclass
class RowHit:
    key: str
    start: int  # label start
    label_end: int
    inner: list[str] = field(default_factory=list)  # figures caught inside a wrapped label


@dataclass
class Cells:
    tokens: list[str | None]
    end: int  # offset in the text where the row's figures stop
    piped: bool = False


def _is_text(piece: str) -> bool:
    return len(_CJK.findall(piece)) >= 2


def _clean(region: str) -> str:
    for pattern in _NOISE:
        region = pattern.sub(lambda m: " " * len(m.group(0)), region)
    return region


def read_cells(text: str, start: int, end: int, *, inner: Sequence[str] = ()) -> Cells:
    """The figures from `start` up to `end` or to the first text after the figures."""
    region = _clean(text[start:end])
    tokens: list[str | None] = list(inner)
    seen = bool(tokens)
    if "|" in region:
        offset = 0
        for line in region.split("\n"):
            pieces = line.split("|")
            # Inside a pipe row, the piece before the first pipe is the rest of the label cell.
            cells = pieces[1:-1] if line.rstrip().endswith("|") else pieces[1:]
            for cell in cells:
                value = cell.strip()
                if not value:
                    if seen or any(_CELL.match(c) for c in cells):
                        tokens.append(None)
                        seen = True
                    continue
                if _CELL.match(value):
                    tokens.append(re.sub(r"\s*(?:万元|元)\s*$", "", value))
                    seen = True
                elif value in ("-", "--", "—", "——", "/", "无"):
                    tokens.append(None)
                    seen = True
                elif _is_text(value) and seen:
                    return Cells(tokens, start + offset, piped=True)
                else:
                    parts = value.split()
                    if parts and all(_CELL.match(p) for p in parts):
                        tokens.extend(parts)
                        seen = True
            offset += len(line) + 1
        return Cells(tokens, end, piped=True)
    for m in _TOKEN.finditer(region):
        if m.group("num") is not None:
            tokens.append(
                m.group("num").replace(",", "") if "," in m.group("num") else m.group("num")
            )
            seen = True
        elif m.group("blank") is not None:
            tokens.append(None)
        elif _is_text(m.group("text")) and seen:
            return Cells(tokens, start + m.start())
    return Cells(tokens, end)


def find_rows(
    text: str, start: int, end: int, rows: Sequence[tuple[str, tuple[str, ...]]]
) -> list[RowHit]:
    """Each row's label, searched in order after the previous one; missing rows are skipped."""
    hits: list[RowHit] = []
    pos = start
    for key, labels in rows:
        m = compile_label(*labels).search(text, pos, end)
        if m is None:
            continue
        inner = re.findall(r"(?<=\s)[-+]?\d[\d,.]*(?=\s)", m.group(0))
        # The enumerator ("2.") is part of the label, not a figure.
        hits.append(RowHit(key, m.start(), m.end(), [x for x in inner if x]))
        pos = m.end()
    return hits


def row_cells(text: str, hits: Sequence[RowHit], end: int) -> dict[str, Cells]:
    out: dict[str, Cells] = {}
    for i, hit in enumerate(hits):
        stop = hits[i + 1].start if i + 1 < len(hits) else end
        out[hit.key] = read_cells(text, hit.label_end, stop, inner=hit.inner)
    return out
