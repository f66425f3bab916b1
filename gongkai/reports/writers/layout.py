"""The official table layouts (merged header cells) as grids, shared by the HTML, DOCX and XLSX
writers. Pure data: no ORM, no rendering. Labels come from `gongkai.reports.definitions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongkai.reports.definitions import (
    SECTION_HEADINGS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ROWS_2021,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Number,
    ReportData,
    ReportFormat,
)

#: "三、本年度办理结果", the group of the result rows, as the definitions spell it.
RESULTS_GROUP = next(r.group for r in TABLE3_ROWS_2021 if r.key == "granted")


@dataclass(frozen=True)
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    key: str = ""  # "table3.granted.total" for a data cell
    value: Number = None
    numeric: bool = False


@dataclass(frozen=True)
class Grid:
    name: str  # "table2" …
    caption: str
    width: int
    header_rows: int
    rows: list[list[Cell]]


def show(value: Number) -> str:
    """Blank stays blank (R7: blank means not reported, never silently 0)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _data(data: ReportData, table: str, row: str, col: str) -> Cell:
    value = data.cell(table, row, col)
    return Cell(show(value), key=f"{table}.{row}.{col}", value=value, numeric=True)


def table2_grid(data: ReportData, fmt: ReportFormat) -> Grid:
    span = max(len(b.columns) for b in fmt.table2)
    rows: list[list[Cell]] = []
    for block in fmt.table2:
        rows.append([Cell(block.article, colspan=span + 1, header=True)])
        widths = [1] * len(block.columns)
        widths[-1] += span - len(block.columns)
        rows.append(
            [Cell("信息内容", header=True)]
            + [
                Cell(c.label, colspan=w, header=True)
                for c, w in zip(block.columns, widths, strict=True)
            ]
        )
        for row in block.rows:
            cells = [Cell(row.label, header=True)]
            for col, w in zip(block.columns, widths, strict=True):
                cell = _data(data, "table2", row.key, col.key)
                cells.append(
                    Cell(cell.text, colspan=w, key=cell.key, value=cell.value, numeric=True)
                )
            rows.append(cells)
    return Grid("table2", SECTION_HEADINGS[1], span + 1, 0, rows)


def table3_grid(data: ReportData, fmt: ReportFormat) -> Grid:
    cols = list(TABLE3_COLUMNS)
    org_cols = [c for c in cols if c.group]
    head = [
        [
            Cell(TABLE3_NOTE, colspan=3, rowspan=3, header=True),
            Cell("申请人情况", colspan=len(cols), header=True),
        ],
        [
            Cell(cols[0].label, rowspan=2, header=True),
            Cell(org_cols[0].group, colspan=len(org_cols), header=True),
            Cell(cols[-1].label, rowspan=2, header=True),
        ],
        [Cell(c.label, header=True) for c in org_cols],
    ]
    body: list[list[Cell]] = []
    result_rows = [
        r for r in fmt.table3_rows if r.group == RESULTS_GROUP or r.group.startswith("（")
    ]
    group_sizes: dict[str, int] = {}
    for r in result_rows:
        if r.group != RESULTS_GROUP:
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen_groups: set[str] = set()
    first_result = True
    for row in fmt.table3_rows:
        numbers = [_data(data, "table3", row.key, c.key) for c in cols]
        if row not in result_rows:
            body.append([Cell(row.label, colspan=3, header=True), *numbers])
            continue
        labels: list[Cell] = []
        if first_result:
            labels.append(Cell(RESULTS_GROUP, rowspan=len(result_rows), header=True))
            first_result = False
        if row.group == RESULTS_GROUP:
            labels.append(Cell(row.label, colspan=2, header=True))
        else:
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                labels.append(Cell(row.group, rowspan=group_sizes[row.group], header=True))
            labels.append(Cell(row.label, header=True))
        body.append([*labels, *numbers])
    return Grid("table3", SECTION_HEADINGS[2], 3 + len(cols), 3, head + body)


def table4_grid(data: ReportData) -> Grid:
    review, *litigation = TABLE4_GROUPS
    n = len(TABLE4_COLUMNS)
    head = [
        [
            Cell(review.label, colspan=n, header=True),
            Cell(litigation[0].group, colspan=n * len(litigation), header=True),
        ],
        [Cell(c.label, rowspan=2, header=True) for c in TABLE4_COLUMNS]
        + [Cell(g.label, colspan=n, header=True) for g in litigation],
        [Cell(c.label, header=True) for _ in litigation for c in TABLE4_COLUMNS],
    ]
    body = [[_data(data, "table4", g.key, c.key) for g in TABLE4_GROUPS for c in TABLE4_COLUMNS]]
    return Grid("table4", SECTION_HEADINGS[3], n * len(TABLE4_GROUPS), 3, head + body)


def grids(data: ReportData, fmt: ReportFormat) -> list[Grid]:
    return [table2_grid(data, fmt), table3_grid(data, fmt), table4_grid(data)]


def placed(grid: Grid) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) with merged areas resolved: where each cell starts in the grid."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out
