"""Exports: every file is opened again and its cells checked (python-docx, openpyxl, PDF)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest

from gongkai.reports.charts import all_charts
from gongkai.reports.definitions import (
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    ReportData,
    Table,
    format_for_year,
)
from gongkai.reports.writers import WRITERS, WriterUnavailable, export
from gongkai.reports.writers.layout import grids, placed

# The shared test vector (legal-rules §2.4, "Hangzhou-style" fixture), 总计 column of table 三.
VECTOR_TOTAL = {
    "new_received": 14069,
    "carried_over": 560,
    "granted": 5548,
    "partial": 2168,
    "denied.state_secret": 13,
    "denied.law_forbidden": 30,
    "denied.safety_stability": 11,
    "denied.third_party": 51,
    "denied.internal_affairs": 104,
    "denied.process_info": 85,
    "denied.enforcement_file": 286,
    "denied.admin_query": 150,
    "unable.not_held": 3222,
    "unable.needs_creation": 180,
    "unable.still_unclear": 19,
    "not_processed.petition": 203,
    "not_processed.duplicate": 148,
    "not_processed.publication": 0,
    "not_processed.excessive": 101,
    "not_processed.confirm_reissue": 5,
    "other.no_correction": 318,
    "other.no_fee_payment": 203,
    "other.other": 965,
    "total_processed": 13810,
    "carried_forward": 819,
}


def vector(year: int = 2025) -> ReportData:
    fmt = format_for_year(year)
    table3: Table = {
        r.key: {
            c.key: (VECTOR_TOTAL.get(r.key, 0) if c.key in ("total", "natural_person") else 0)
            for c in TABLE3_COLUMNS
        }
        for r in fmt.table3_rows
    }
    if fmt.name == "2019":
        table3["other"]["total"] = table3["other"]["natural_person"] = 1486
    table2: Table = {
        "regulations": {"issued": 3, "repealed": 5, "in_force": 74},
        "normative_documents": {"issued": 564, "repealed": 984, "in_force": 4185},
        "licensing": {"decisions": 11398889},
        "punishment": {"decisions": 6937489},
        "coercion": {"decisions": None},  # blank: not reported
        "fees": {"amount": Decimal("316441.25")},
    }
    table4: Table = {
        "review": {"upheld": 376, "corrected": 97, "other": 196, "pending": 121, "total": 790},
        "litigation_direct": {
            "upheld": 16,
            "corrected": 1,
            "other": 12,
            "pending": 27,
            "total": 56,
        },
        "litigation_after_review": {
            "upheld": 74,
            "corrected": 1,
            "other": 30,
            "pending": 51,
            "total": 156,
        },
    }
    return ReportData(
        format=fmt.name,
        year=year,
        organ="测试市人民政府",
        tables={"table2": table2, "table3": table3, "table4": table4},
        sections={"overview": "第一段。\n第二段。", "applications": "本年新收申请14069件。"},
    )


def test_layout_merges_cover_the_grid_exactly() -> None:
    for year in (2020, 2025):
        for grid in grids(vector(year), format_for_year(year)):
            covered: set[tuple[int, int]] = set()
            for r, c, cell in placed(grid):
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        assert (r + dr, c + dc) not in covered
                        covered.add((r + dr, c + dc))
            assert covered == {(r, c) for r in range(len(grid.rows)) for c in range(grid.width)}, (
                grid.name
            )


def test_html_has_official_merged_headers_and_blank_cells() -> None:
    html = export(vector(), "html", charts=[str(c) for c in all_charts(vector())]).decode()
    assert TABLE3_NOTE in html
    assert '<th scope="col" colspan="7">申请人情况</th>' in html
    assert '<th scope="col" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in html
    assert 'data-cell="table3.new_received.total">14069<' in html
    assert 'class="num blank" data-cell="table2.coercion.decisions" colspan="3"></td>' in html
    assert "316441.25" in html
    assert "<svg" in html and "<title" in html
    assert "<p>第一段。<br>第二段。</p>" in html


def test_docx_cells_and_fonts() -> None:
    from docx import Document

    doc = Document(BytesIO(export(vector(), "docx")))
    assert doc.paragraphs[0].text == "测试市人民政府2025年政府信息公开工作年度报告"
    rpr = doc.paragraphs[0].runs[0]._element.rPr
    assert rpr is not None and rpr.rFonts is not None
    assert "小标宋" in rpr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    table2, table3, table4 = doc.tables
    assert table3.cell(0, 0).text == TABLE3_NOTE
    assert table3.cell(0, 3).text == "申请人情况"
    # Merged header: 法人或其他组织 spans 商业企业 … 其他 (columns 4–8 of row 1).
    assert table3.cell(1, 4).text == table3.cell(1, 8).text == "法人或其他组织"
    assert table3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert table3.cell(3, 9).text == "14069"
    assert table3.cell(3, 3).text == "14069"  # 自然人
    last = len(table3.rows) - 1
    assert table3.cell(last, 9).text == "819"
    assert table4.cell(3, 4).text == "790" and table4.cell(3, 14).text == "156"
    texts = [c.text for row in table2.rows for c in row.cells]
    assert "11398889" in texts and "316441.25" in texts


def test_docx_is_a4_with_the_gb_t_9704_margins_and_page_numbers() -> None:
    """Issue 13: the export printed on US Letter; 公文 are A4 (GB/T 9704-2012 5.1, 5.2.1)."""
    from docx import Document

    doc = Document(BytesIO(export(vector(), "docx")))
    for section in doc.sections:
        size = [section.page_width, section.page_height]
        assert [x.mm if x else 0 for x in size] == pytest.approx([210, 297], abs=0.1)
        margins = [
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        ]
        assert [x.mm if x else 0 for x in margins] == pytest.approx([37, 35, 28, 26], abs=0.1)
        footer = section.footer._element.xml
        assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text


def test_xlsx_one_sheet_per_table_numbers_as_numbers() -> None:
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(export(vector(), "xlsx")))
    assert wb.sheetnames == ["表二 主动公开", "表三 申请情况", "表四 复议诉讼"]
    ws = wb["表三 申请情况"]
    assert ws.cell(row=2, column=1).value == TABLE3_NOTE
    assert ws.cell(row=5, column=1).value == "一、本年新收政府信息公开申请数量"
    assert ws.cell(row=5, column=10).value == 14069
    assert isinstance(ws.cell(row=5, column=10).value, int)
    assert "D2:J2" in {str(r) for r in ws.merged_cells.ranges}
    t2 = wb["表二 主动公开"]
    values = [c.value for row in t2.iter_rows() for c in row]
    assert 316441.25 in values and 11398889 in values
    # The blank 行政强制 cell stays empty (None), not 0.
    row = next(r for r in t2.iter_rows() if r[0].value == "行政强制")
    assert row[1].value is None
    assert wb["表四 复议诉讼"].cell(row=5, column=5).value == 790


def test_2019_format_layout() -> None:
    from openpyxl import load_workbook

    data = vector(2020)
    data.tables["table2"] = {}
    wb = load_workbook(BytesIO(export(data, "xlsx")))
    labels = [c.value for row in wb["表三 申请情况"].iter_rows() for c in row]
    assert "（六）其他处理" in labels and "3.其他" not in labels
    t2 = [c.value for row in wb["表二 主动公开"].iter_rows() for c in row]
    assert "政府集中采购" in t2 and "本年新制作数量" in t2


def test_json_export_round_trips() -> None:
    payload = json.loads(export(vector(), "json"))
    assert payload["format"] == "2021"
    assert payload["tables"]["table3"]["carried_forward"]["total"] == 819
    assert payload["tables"]["table2"]["coercion"]["decisions"] is None
    assert payload["tables"]["table2"]["fees"]["amount"] == "316441.25"
    assert payload["findings"] == []


def test_pdf_when_available() -> None:
    try:
        pdf = export(vector(), "pdf")
    except WriterUnavailable as exc:
        assert "fonts-noto-cjk" in str(exc) or "WeasyPrint" in str(exc)
        pytest.skip(str(exc))
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "14069" in text
    assert "申请人情况" in text


def test_pdf_without_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.reports.writers import pdf

    monkeypatch.setattr(pdf, "cjk_font_installed", lambda: False)
    with pytest.raises(WriterUnavailable, match="fonts-noto-cjk"):
        export(vector(), "pdf")


def test_registry_formats() -> None:
    assert set(WRITERS) == {"json", "html", "docx", "xlsx", "pdf"}
