"""The monthly statistics as an XLSX workbook (openpyxl): the rows of the public page, numbers
as numbers (rates as fractions formatted as percentages), so a reader can compute on them."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.mailbox.statistics import HEADERS, Figures


def statistics_xlsx(*, title: str, rows: list[Figures], total: Figures) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "留言办理统计"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for figures in [*rows, total]:
        sheet.append(
            [
                ("　" * figures.depth) + figures.label,
                figures.received,
                figures.answered,
                figures.answer_rate,
                round(figures.average_days, 1) if figures.average_days is not None else None,
                figures.overdue,
                figures.satisfaction_rate,
            ]
        )
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, max_row=last):
        row[3].number_format = "0.0%"
        row[6].number_format = "0.0%"
        for cell in row[1:]:
            cell.alignment = Alignment(horizontal="right")
    sheet.column_dimensions["A"].width = 40
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 14
    out = BytesIO()
    book.save(out)
    return out.getvalue()
