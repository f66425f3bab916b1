"""DOCX with python-docx: the same merged table layout, on A4 with the margins and fonts of
official documents (GB/T 9704-2012, `gongkai.core.gongwen`: 方正小标宋简体 title, 黑体 first-level
headings, 仿宋_GB2312 body, page numbers). The line grid of letters is left off: it would stretch
the rows of the 9-point tables to a body line each."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from gongkai.core.gongwen import setup_page
from gongkai.reports.definitions import SECTION_HEADINGS, SECTION_KEYS, ReportData, format_for_year
from gongkai.reports.writers.html import TABLE_SECTION
from gongkai.reports.writers.layout import Grid, grids, placed

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"


def _font(run: Run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _table(doc: Any, grid: Grid) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # `table.cell()` rebuilds the whole cell list on every call; take it once, fill the text,
    # then merge (areas never overlap, so the cached cells stay valid).
    flat = table._cells
    cells = [flat[r * grid.width : (r + 1) * grid.width] for r in range(len(grid.rows))]
    areas = []
    for r, c, cell in placed(grid):
        target = cells[r][c]
        paragraph = target.paragraphs[0]
        if cell.numeric or r < grid.header_rows or cell.colspan > 2:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(cell.text), BODY_FONT, 9)
        if cell.rowspan > 1 or cell.colspan > 1:
            areas.append((target, cells[r + cell.rowspan - 1][c + cell.colspan - 1]))
    for first, last in areas:
        first.merge(last)


def write_docx(data: ReportData) -> bytes:
    fmt = format_for_year(data.year or 2021)
    doc = Document()
    setup_page(doc, grid=False)  # A4, GB/T 9704 margins, page numbers (the default is US Letter)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{data.organ or ''}{data.year}年政府信息公开工作年度报告"), TITLE_FONT, 22)
    tables = {g.name: g for g in grids(data, fmt)}
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True):
        _font(doc.add_paragraph().add_run(heading), HEADING_FONT, 16)
        for text in (data.sections.get(key) or "").splitlines():
            if text.strip():
                p = doc.add_paragraph()
                p.paragraph_format.first_line_indent = Pt(32)
                _font(p.add_run(text.strip()), BODY_FONT, 16)
        for table_name, section in TABLE_SECTION.items():
            if section == key:
                _table(doc, tables[table_name])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
