"""XLSX with openpyxl: one sheet per table in the official layout, numbers stored as numbers."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gongkai.reports.definitions import ReportData, format_for_year
from gongkai.reports.writers.layout import Grid, grids, placed

SHEET_NAMES = {"table2": "表二 主动公开", "table3": "表三 申请情况", "table4": "表四 复议诉讼"}
_THIN = Side(style="thin", color="333333")


def _sheet(wb: Workbook, grid: Grid, title: str) -> None:
    ws = wb.create_sheet(SHEET_NAMES[grid.name])
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
    offset = 2  # grid row 0 is sheet row 2
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    for r, c, cell in placed(grid):
        row, col = r + offset, c + 1
        target = ws.cell(row=row, column=col)
        # Numbers as numbers (int, or float for 万元 amounts); a blank cell stays empty.
        if cell.numeric:
            value = cell.value
            target.value = (
                float(value) if value is not None and not isinstance(value, int) else value
            )
        else:
            target.value = cell.text
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        target.border = border
        if cell.header:
            target.font = Font(bold=r < grid.header_rows)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["C"].width = 30


def write_xlsx(data: ReportData) -> bytes:
    fmt = format_for_year(data.year or 2021)
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    heading = f"{data.organ or ''}{data.year}年政府信息公开工作年度报告"
    for grid in grids(data, fmt):
        _sheet(wb, grid, f"{heading}　{grid.caption}")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
