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
    if "|" in region and _per_line_layout(region):
        return _read_per_line(region, start, tokens)
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
    spaced = _blank_separated(region)
    if spaced is not None:
        values, stop = spaced
        return Cells(tokens + values, start + stop if stop >= 0 else end)
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


# One cell per line, each closed by a pipe ("56 |"); a lone "|" is a blank cell and a line of
# pipes only ("||", "|||") is what is left of cells spanning several columns.
_BLANK_MARKS = ("-", "--", "—", "——", "/", "无")
_WORDED_SIGN = re.compile(r"^\s*(增|减)\s*(\d)")


def _per_line_layout(region: str) -> bool:
    """Every line holds at most one cell, before its pipe (lines of pipes only are allowed)."""
    every = region.split("\n")
    lines = [line for line in every[1:] if line.strip()]
    if not lines or not any("|" in line for line in lines):
        return False
    return all(not "".join(line.split("|")[1:]).strip() for line in [every[0], *lines])


def _read_per_line(region: str, start: int, tokens: list[str | None]) -> Cells:
    seen = bool(tokens)
    offset = 0
    lines = region.split("\n")
    # Values closed by their own pipe ("56 |"): a lone pipe is an empty cell. Values without one
    # ("0" between lines of "|"): the lone pipes only separate cells.
    closed = any(_CELL.match(line.split("|")[0].strip()) for line in lines if "|" in line)
    label_open = "|" not in lines[0]  # the label's closing pipe is still to come
    separators = 0
    for i, line in enumerate(lines):
        line = _WORDED_SIGN.sub(lambda m: ("+" if m.group(1) == "增" else "-") + m.group(2), line)
        pieces = line.split("|")
        value = pieces[0].strip()
        if i and not value and line.strip() == "|" and label_open and not seen and i <= 2:
            label_open = False
            offset += len(line) + 1
            continue
        if not closed and not value and line.strip() == "|":
            separators += 1
            if separators > 1:
                tokens.append(None)
            offset += len(line) + 1
            continue
        if value:
            separators = 0
        rest = "".join(pieces[1:]).strip()
        if rest:  # a row laid out "a | b |" inside the region: read its cells
            for cell in pieces[1:]:
                cell = cell.strip()
                if _CELL.match(cell):
                    tokens.append(re.sub(r"\s*(?:万元|元)\s*$", "", cell))
                    seen = True
                elif _is_text(cell) and seen:
                    return Cells(tokens, start + offset, piped=True)
        elif i == 0 and not _CELL.match(value):
            pass  # the rest of the label's own line
        elif _CELL.match(value):
            tokens.append(re.sub(r"\s*(?:万元|元)\s*$", "", value))
            seen = True
        elif value in _BLANK_MARKS or (not value and line.strip() == "|"):
            tokens.append(None)
        elif value and _is_text(value) and seen:
            return Cells(tokens, start + offset, piped=True)
        offset += len(line) + 1
    return Cells(tokens, start + len(region), piped=True)


def _blank_separated(region: str) -> tuple[list[str | None], int] | None:
    """Cells one per line with a blank line between them; an empty cell is one more blank line.

    Returns the cells and where the row's figures stop (-1: at the end of the region), or None
    when the region is not laid out that way.
    """
    lines = region.split("\n")
    if len(lines) < 3 or lines[0].strip():
        return None
    values: list[str | None] = []
    run = 0
    adjacent = False
    gaps = 0
    offset = len(lines[0]) + 1
    previous_value = False
    stop = -1
    for line in lines[1:]:
        text = line.strip()
        if not text:
            run += 1
            previous_value = False
            offset += len(line) + 1
            continue
        if _CELL.match(text) or text in _BLANK_MARKS:
            if previous_value:
                adjacent = True
            values.extend([None] * max(0, run - 1))
            gaps = max(gaps, run)
            values.append(None if text in _BLANK_MARKS else re.sub(r"\s*(?:万元|元)\s*$", "", text))
            run = 0
            previous_value = True
            offset += len(line) + 1
            continue
        if _is_text(text) and values:
            stop = offset
            break
        return None
    else:
        run -= 1  # the last element is the start of the next label's line
    if adjacent or gaps < 1 or not values:
        return None
    values.extend([None] * max(0, run - 1))
    return values, stop


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
