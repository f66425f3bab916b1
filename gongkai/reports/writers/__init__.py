"""Report writers, keyed by format. Writers read a `ReportData` only; they never touch the ORM."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass

from gongkai.reports.definitions import Finding, ReportData
from gongkai.reports.writers.docx import write_docx
from gongkai.reports.writers.html import write_html
from gongkai.reports.writers.pdf import WriterUnavailable, write_pdf
from gongkai.reports.writers.xlsx import write_xlsx

__all__ = ["WRITERS", "Writer", "WriterUnavailable", "export"]


@dataclass(frozen=True)
class Writer:
    name: str
    label: str
    content_type: str
    extension: str
    render: Callable[..., bytes]


def write_json(
    data: ReportData, *, findings: Collection[Finding] = (), charts: Collection[str] = ()
) -> bytes:
    from gongkai.reports.builders import data_to_json

    payload = data_to_json(data)
    payload["findings"] = [f.as_dict() for f in findings]
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


WRITERS: dict[str, Writer] = {
    "json": Writer("json", "JSON 数据", "application/json; charset=utf-8", "json", write_json),
    "html": Writer("html", "网页（HTML）", "text/html; charset=utf-8", "html", write_html),
    "docx": Writer(
        "docx",
        "Word 文档（DOCX）",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        write_docx,
    ),
    "xlsx": Writer(
        "xlsx",
        "Excel 表格（XLSX）",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        write_xlsx,
    ),
    "pdf": Writer("pdf", "PDF", "application/pdf", "pdf", write_pdf),
}


def export(
    data: ReportData,
    fmt: str,
    *,
    findings: Collection[Finding] = (),
    charts: Collection[str] = (),
) -> bytes:
    """Render `data` in `fmt`; raises KeyError for an unknown format, WriterUnavailable for PDF
    without its prerequisites."""
    writer = WRITERS[fmt]
    if fmt == "json":
        return writer.render(data, findings=findings)
    if fmt in {"html", "pdf"}:
        return writer.render(data, charts=charts)
    return writer.render(data)
