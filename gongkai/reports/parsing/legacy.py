"""Pre-2019 reports: the 政府信息公开情况统计表 (指标名称 | 计量单位 | 本年度 | 历年累计).

Provincial templates differ, so only rows whose 指标名称 is known (labels.PRE2019_ROWS) are
read. Two figures per row; where they ran together the split must keep 历年累计 ≥ 本年度, and a
remaining tie is settled only by the same count written in the report's own text ("3460条").
"""

from __future__ import annotations

import re

from gongkai.reports.definitions import Finding
from gongkai.reports.parsing import labels as lb
from gongkai.reports.parsing.extract import read_cells
from gongkai.reports.parsing.normalize import compile_label
from gongkai.reports.parsing.splitting import split_row
from gongkai.reports.parsing.tables import TableResult

_UNIT = re.compile(r"^\s*\|?\s*(" + "|".join(lb.STAT_UNITS) + r")\s*\|?")
_ENUM_TAIL = re.compile(r"(\d+)\s*[、.．]\s*$")


def _glued(region: str, tail: re.Match[str]) -> bool:
    return tail.start() > 0 and region[tail.start() - 1].isdigit()


def parse_statistics(text: str, start: int, end: int, narrative: str) -> TableResult:
    hits: list[tuple[int, int, str]] = []
    for row in lb.PRE2019_ROWS:
        for m in compile_label(*row.labels).finditer(text, start, end):
            hits.append((m.start(), m.end(), row.key))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, str]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue  # a shorter label inside a longer one ("依申请公开信息总数")
        kept.append(hit)
    result = TableResult()
    labels = {row.key: row.labels[0] for row in lb.PRE2019_ROWS}
    enum: int | None = None
    for i, (_s, label_end, key) in enumerate(kept):
        stop = kept[i + 1][0] if i + 1 < len(kept) else end
        region = text[label_end:stop]
        unit_match = _UNIT.match(region)
        unit = unit_match.group(1) if unit_match else ""
        offset = unit_match.end() if unit_match else 0
        tail = _ENUM_TAIL.search(region)
        next_enum: int | None = None
        cut = len(region)
        if tail:
            run, expected = tail.group(1), str((enum or 0) + 1)
            if run == expected or (len(run) <= 2 and run != expected and not _glued(region, tail)):
                next_enum, cut = int(run), tail.start()  # "其中：1、" written out
            elif run.endswith(expected):
                # "3460853762、政府公报…": the next row's enumerator is glued to our figures.
                next_enum, cut = int(expected), tail.end(1) - len(expected)
        enum = next_enum
        cells = read_cells(text, label_end + offset, label_end + max(cut, offset))
        tokens = (
            cells.tokens[:2] if len(cells.tokens) > 2 and cells.tokens[2] is None else cells.tokens
        )
        split = split_row(tokens, 2)
        cands = [
            c
            for c in split.candidates
            if not (isinstance(c[0], int) and isinstance(c[1], int) and c[1] < c[0])
        ] or split.candidates
        if len(cands) > 1 and unit:
            evidenced = [c for c in cands if re.search(rf"(?<![\d.]){c[0]}\s*{unit}", narrative)]
            if len(evidenced) == 1:
                cands = evidenced
        row_label = labels[key]
        if len(cands) == 1 and not split.overflow:
            result.table[key] = {"year": cands[0][0], "cumulative": cands[0][1]}
            continue
        result.table[key] = {"year": None, "cumulative": None}
        result.unreadable |= {f"statistics.{key}.year", f"statistics.{key}.cumulative"}
        raw = " ".join("空" if t is None else t for t in tokens) or "（无）"
        options = "；".join(f"{c[0]} / {c[1]}" for c in cands[:3])
        result.findings.append(
            Finding(
                "P1",
                "error",
                [f"statistics.{key}.year", f"statistics.{key}.cumulative"],
                f"统计表“{row_label}”的本年度与历年累计数连在一起（{raw}），"
                + (f"可拆分为 {options} 等，" if cands else "")
                + "无法确定，请核对原文。",
            )
        )
    result.end = end
    return result
