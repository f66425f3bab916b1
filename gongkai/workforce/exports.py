"""The subtree's figures as an XLSX workbook (openpyxl): one line per organ with its sources,
the totals and who has not reported; a second sheet laid out as the pre-2019 附表 (指标名称 |
计量单位 | 本年度). Numbers stay numbers; text typed by people is text, never a formula."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.workforce.models import FIGURES, UNITS, Figure
from gongkai.workforce.selectors import Totals

NOT_REPORTED = "未填报"


def _as_text(sheet: object) -> None:
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.data_type == "f":  # "=…" typed as a source stays text
                cell.data_type = "s"


def totals_xlsx(totals: Totals, *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "人员经费培训"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    header = ["机关"]
    for figure in Figure:
        header += [f"{figure.label}（{UNITS[figure.value]}）", "来源"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in totals.lines:
        row: list[object] = [("　" * line.depth) + line.name]
        if line.values is None:
            row += [NOT_REPORTED]
        else:
            for key in FIGURES:
                row += [line.values[key], line.sources.get(key, "")]
        sheet.append(row)
    total_row: list[object] = [
        f"合计（已填报{totals.reported_count}个，共{totals.organ_count}个机关）"
    ]
    for key in FIGURES:
        total_row += [totals.totals[key] if totals.reported else None, ""]
    sheet.append(total_row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    missing = "、".join(line.name for line in totals.missing) or "无"
    sheet.append([f"未填报的机关：{missing}"])
    _as_text(sheet)
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B3"

    table = book.create_sheet("附表格式")
    table.append(["指标名称", "计量单位", "本年度"])
    for cell in table[1]:
        cell.font = Font(bold=True)
    for figure in Figure:
        value = totals.totals[figure.value] if totals.reported else None
        table.append([str(figure.label), UNITS[figure.value], value])
    table.column_dimensions["A"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()
