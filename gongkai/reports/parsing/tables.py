"""Reading tables 二, 三 and 四 out of a report's text, choosing splits by the row and column
identities (R1 per column, R2, R3 per row, R4 per group) and reporting what stays ambiguous."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gongkai.reports import definitions as d
from gongkai.reports.definitions import Finding, Number, Table
from gongkai.reports.parsing import labels as lb
from gongkai.reports.parsing.extract import Cells, find_rows, row_cells
from gongkai.reports.parsing.splitting import Candidate, Group, split_row

TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四", "statistics": "统计表"}
T3_GROUPS: tuple[Group, ...] = ((tuple(range(6)), 6),)
T4_GROUPS: tuple[Group, ...] = ((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)
_MAX_COMBOS = 20000


@dataclass
class TableResult:
    table: Table = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    end: int = -1  # where the table's last figures stop in the text


def _fmt(values: Sequence[Number]) -> str:
    return " ".join("空" if v is None else str(v) for v in values)


def solve(
    name: str,
    rows: dict[str, Cells],
    columns: Sequence[str],
    labels: dict[str, str],
    *,
    groups: Sequence[Group] = (),
    consistent: Callable[[dict[str, Candidate]], bool] | None = None,
    signed: frozenset[str] = frozenset({"change"}),
    narrative: str = "",
) -> TableResult:
    """Assign each row's figures to its columns; never guess between readings."""
    k = len(columns)
    result = TableResult()
    fixed: dict[str, Candidate] = {}
    options: dict[str, list[Candidate]] = {}
    tname = TABLE_NAMES[name]

    def cells_of(key: str, idx: Sequence[int] | None = None) -> list[str]:
        return [f"{name}.{key}.{columns[i]}" for i in (idx if idx is not None else range(k))]

    for key, found in rows.items():
        tokens = list(found.tokens)
        while len(tokens) > k and tokens[-1] is None:
            tokens.pop()
        label = labels.get(key, key)
        shown = " ".join("空" if t is None else t for t in tokens) or "（无）"
        if len(tokens) > k:
            result.findings.append(
                Finding(
                    "P3",
                    "error",
                    cells_of(key),
                    f"{tname}“{label}”一行读到{len(tokens)}个数（{shown}），多于{k}列，"
                    "无法确定对应关系，请核对原文。",
                )
            )
            options[key] = []
            continue
        split = split_row(tokens, k, groups)
        # A figure can be negative only in 本年增/减; a reading that needs one elsewhere is wrong.
        plausible = [
            c
            for c in split.candidates
            if all(v is None or v >= 0 or columns[i] in signed for i, v in enumerate(c))
        ]
        if plausible:
            split.candidates = plausible
        if len(split.candidates) == 1 and not split.overflow:
            fixed[key] = split.candidates[0]
            continue
        if not split.candidates:
            what = (
                "可能省略了空白单元格，无法确定每个数属于哪一列"
                if tokens
                else "没有读到任何数字（可能是空行或报告不完整）"
            )
            result.findings.append(
                Finding(
                    "P3",
                    "error",
                    cells_of(key),
                    f"{tname}“{label}”一行只读到{len(tokens)}个数（{shown}），少于{k}列，{what}。",
                )
            )
            options[key] = []
            continue
        options[key] = [] if split.overflow else split.candidates

    # Column identities decide between the remaining readings when they can.
    open_rows = [key for key, cands in options.items() if cands]
    sizes = [len(options[key]) for key in open_rows]
    total = 1
    for size in sizes:
        total *= size
    if consistent is not None and open_rows and total <= _MAX_COMBOS:
        surviving: dict[str, set[Candidate]] = {key: set() for key in open_rows}
        for combo in itertools.product(*(options[key] for key in open_rows)):
            assignment = {**fixed, **dict(zip(open_rows, combo, strict=True))}
            if consistent(assignment):
                for key, cand in zip(open_rows, combo, strict=True):
                    surviving[key].add(cand)
        for key in open_rows:
            if surviving[key]:
                options[key] = sorted(surviving[key], key=str)
            if len(options[key]) == 1:
                fixed[key] = options.pop(key)[0]

    # The report's own text can settle a split: "制发88件……现行有效698件" picks 88 / 698.
    for key in [k for k, cands in options.items() if len(cands) > 1]:
        chosen = settled_by_text(options[key], narrative, key if name == "table2" else "", columns)
        if chosen is not None:
            fixed[key] = chosen
            options.pop(key)

    for key in rows:
        if key in fixed:
            result.table[key] = dict(zip(columns, fixed[key], strict=True))
            continue
        cands = options.get(key, [])
        values: list[Number] = [None] * k
        disputed = list(range(k))
        if cands:
            disputed = []
            for i in range(k):
                column_values = {c[i] for c in cands}
                if len(column_values) == 1:
                    values[i] = next(iter(column_values))
                else:
                    disputed.append(i)
            shown = "；".join(_fmt(c) for c in cands[:3]) + ("；……" if len(cands) > 3 else "")
            raw = " ".join("空" if t is None else t for t in rows[key].tokens)
            result.findings.append(
                Finding(
                    "P1",
                    "error",
                    cells_of(key, disputed),
                    f"{tname}“{labels.get(key, key)}”一行的数字连在一起（{raw}），"
                    f"有{len(cands)}种拆分都说得通（如：{shown}），无法确定，未采用任何一种；"
                    "请核对原文后手工填写。",
                )
            )
        elif key not in fixed and not any(f.cells == cells_of(key) for f in result.findings):
            raw = " ".join("空" if t is None else t for t in rows[key].tokens)
            result.findings.append(
                Finding(
                    "P1",
                    "error",
                    cells_of(key),
                    f"{tname}“{labels.get(key, key)}”一行的数字（{raw}）拆分方式过多，无法确定。",
                )
            )
        result.table[key] = dict(zip(columns, values, strict=True))
        result.unreadable.update(cells_of(key, disputed))
    return result


# Words a report's text uses for a table 二 row and column when it states the same count.
ROW_WORDS = {
    "regulations": "规章",
    "normative_documents": "规范性文件",
    "licensing": "许可",
    "other_services": "服务事项",
    "punishment": "处罚",
    "coercion": "强制",
    "fees": "收费",
    "procurement": "采购",
}
COLUMN_WORDS = {
    "issued": "制发|制定|出台",
    "repealed": "废止",
    "in_force": "现行有效|有效",
    "new_made": "制作|制发",
    "new_published": "公开",
    "total_published": "公开总|累计公开|对外公开",
    "decisions": "决定|办理|作出",
    "amount": "金额|收费",
    "last_year_items": "上一?年",
    "change": "增|减",
    "procurement_items": "项目",
    "procurement_amount": "金额",
}


def settled_by_text(
    cands: Sequence[Candidate], narrative: str, row: str = "", columns: Sequence[str] = ()
) -> Candidate | None:
    """The one reading whose disputed figures the report's own text states for that row and
    column ("制发88件……现行有效698件"); None when the text does not settle it."""
    if not narrative or len(cands) < 2 or row not in ROW_WORDS or not columns:
        return None
    k = len(cands[0])
    disputed = [i for i in range(k) if len({c[i] for c in cands}) > 1]
    sentences = [s for s in re.split(r"[。；;\n]", narrative) if re.search(ROW_WORDS[row], s)]
    if not sentences:
        return None

    def said(i: int, value: Number) -> bool:
        if value is None or columns[i] not in COLUMN_WORDS:
            return False
        pattern = (
            rf"(?:{COLUMN_WORDS[columns[i]]})[^，。；,;\d]{{0,12}}?(?<![\d.])"
            rf"{re.escape(str(value))}\s*(?:件|条|个|项|万元)"
        )
        return any(re.search(pattern, s) for s in sentences)

    evidenced = [c for c in cands if all(said(i, c[i]) for i in disputed)]
    return evidenced[0] if len(evidenced) == 1 else None


def _missing(name: str, expected: Sequence[tuple[str, str]], found: Table) -> Finding | None:
    absent = [(key, label) for key, label in expected if key not in found]
    if not absent or not found:
        return None
    shown = "、".join(f"“{label}”" for _, label in absent)
    return Finding(
        "P2",
        "error",
        [f"{name}.{key}" for key, _ in absent],
        f"{TABLE_NAMES[name]}不完整：未找到{len(absent)}行（{shown}），报告可能被截断。",
    )


# ---- table 二 -----------------------------------------------------------------------------


def parse_table2(
    text: str, start: int, end: int, fmt: d.ReportFormat, narrative: str = ""
) -> TableResult:
    spec: list[tuple[str, tuple[str, ...]]] = []
    columns: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for block in fmt.table2:
        for row in block.rows:
            spec.append((row.key, (row.label, *lb.TABLE2_ALIASES.get(row.key, ()))))
            columns[row.key] = [c.key for c in block.columns]
            labels[row.key] = row.label
    hits = find_rows(text, start, end, spec)
    cells = row_cells(text, hits, end)
    result = TableResult(end=max((c.end for c in cells.values()), default=-1))
    # Blocks have different widths, so each row is solved on its own (no identities hold).
    for key, found in cells.items():
        part = solve("table2", {key: found}, columns[key], labels, narrative=narrative)
        result.table.update(part.table)
        result.findings.extend(part.findings)
        result.unreadable |= part.unreadable
    gap = _missing("table2", [(k, labels[k]) for k, _ in spec], result.table)
    if gap:
        result.findings.append(gap)
    return result


# ---- table 三 -----------------------------------------------------------------------------


def _table3_consistent(fmt: d.ReportFormat) -> Callable[[dict[str, Candidate]], bool]:
    leaves = fmt.table3_leaf_keys

    def check(rows: dict[str, Candidate]) -> bool:
        for i in range(len(d.TABLE3_COLUMNS)):

            def val(key: str, i: int = i) -> int | None:
                row = rows.get(key)
                v = row[i] if row is not None else None
                return v if isinstance(v, int) else None

            a, b = val("new_received"), val("carried_over")
            c, e = val("total_processed"), val("carried_forward")
            if None not in (a, b, c, e) and a + b != c + e:  # type: ignore[operator]
                return False
            parts = [val(k) for k in leaves]
            known = all(p is not None for p in parts)
            if c is not None and known and sum(p for p in parts if p is not None) != c:
                return False
        return True

    return check


def table3_spec(fmt: d.ReportFormat) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.key, (r.label, *lb.TABLE3_ALIASES.get(r.key, ()))) for r in fmt.table3_rows]


def parse_table3(
    text: str, start: int, end: int, fmt: d.ReportFormat, narrative: str = ""
) -> TableResult:
    spec = table3_spec(fmt)
    hits = find_rows(text, start, end, spec)
    cells = row_cells(text, hits, end)
    labels = {r.key: r.label for r in fmt.table3_rows}
    columns = [c.key for c in d.TABLE3_COLUMNS]
    result = solve(
        "table3",
        cells,
        columns,
        labels,
        groups=T3_GROUPS,
        consistent=_table3_consistent(fmt),
        narrative=narrative,
    )
    result.end = max((c.end for c in cells.values()), default=-1)
    gap = _missing("table3", [(k, labels[k]) for k, _ in spec], result.table)
    if gap:
        result.findings.append(gap)
    return result


# ---- table 四 -----------------------------------------------------------------------------


def parse_table4(cells: Cells) -> TableResult:
    """One data row of 15 figures: 行政复议, 未经复议直接起诉, 复议后起诉 × 5 columns."""
    columns = [f"{g.key}:{c.key}" for g in d.TABLE4_GROUPS for c in d.TABLE4_COLUMNS]
    flat = solve("table4", {"row": cells}, columns, {"row": "行政复议、行政诉讼"}, groups=T4_GROUPS)
    result = TableResult(findings=[], end=cells.end)
    row = flat.table.get("row", {})
    for group in d.TABLE4_GROUPS:
        result.table[group.key] = {c.key: row.get(f"{group.key}:{c.key}") for c in d.TABLE4_COLUMNS}
    for finding in flat.findings:
        finding.cells = [
            cell.replace("table4.row.", "table4.").replace(":", ".") for cell in finding.cells
        ]
        result.findings.append(finding)
    result.unreadable = {
        c.replace("table4.row.", "table4.").replace(":", ".") for c in flat.unreadable
    }
    return result
