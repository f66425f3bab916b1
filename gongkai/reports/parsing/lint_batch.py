"""年报体检 in batch: every report file in a directory, a summary table, and its XLSX export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gongkai.reports.parsing.lint import KIND_LABELS, LintResult, lint_report

REPORT_SUFFIXES = (".txt", ".html", ".htm")
SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("report", "报告文件"),
    ("organ", "机关"),
    ("year", "年度"),
    ("errors", "错误"),
    ("warnings", "提醒"),
    ("doubts", "解析存疑"),
    ("first", "首个问题"),
)


class BatchError(ValueError):
    """A batch that cannot run; the message is for the user, in Chinese."""


def report_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise BatchError(f"找不到目录“{directory}”。")
    files = sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
    )
    if not files:
        raise BatchError(f"目录“{directory}”中没有可检查的报告文件（.txt、.html、.htm）。")
    return files


def lint_files(files: Sequence[Path]) -> list[LintResult]:
    results = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BatchError(f"无法读取文件“{path}”：{exc.strerror or exc}") from None
        results.append(lint_report(data, name=path.name))
    return results


def summary_row(result: LintResult) -> dict[str, Any]:
    row = result.summary()
    shown = result.errors or result.warnings
    row["first"] = (
        f"[{shown[0].rule} {KIND_LABELS[shown[0].kind]}] {shown[0].message}" if shown else ""
    )
    if not result.parsed.is_report:
        row["first"] = result.findings[0].message if result.findings else "不是年度报告"
    return row


def write_summary_xlsx(results: Sequence[LintResult], path: Path) -> None:
    """One sheet 年报体检汇总: one row per report, errors and warnings counted apart."""
    if not path.parent.is_dir():
        raise BatchError(f"无法写入“{path}”：目录“{path.parent}”不存在。")
    try:
        path.write_bytes(summary_xlsx_bytes(results))
    except OSError as exc:
        raise BatchError(f"无法写入“{path}”：{exc.strerror or exc}") from None


def summary_xlsx_bytes(results: Sequence[LintResult]) -> bytes:
    """The summary workbook as bytes (the command writes it to a file, the back office sends it)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    if ws is None:  # a new workbook always has its first sheet
        ws = wb.create_sheet()
    ws.title = "年报体检汇总"
    ws.append([label for _, label in SUMMARY_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for result in results:
        row = summary_row(result)
        ws.append([row[key] if row[key] is not None else "" for key, _ in SUMMARY_COLUMNS])
        # A file name or an organ read from an uploaded report is text, never a formula.
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    ws.append([])
    ws.append(
        [
            "合计",
            f"{len(results)}份",
            "",
            sum(len(r.errors) for r in results),
            sum(len(r.warnings) for r in results),
            sum(len(r.doubts) for r in results),
            "",
        ]
    )
    for column, width in zip("ABCDEFG", (34, 30, 8, 8, 8, 10, 80), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
