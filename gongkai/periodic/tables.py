"""Reading an uploaded table (CSV in UTF-8 or GBK/GB 18030, or XLSX) and writing the downloads.

An XLSX goes through the catalog's upload checks first (`catalog/files.py: check_upload`: size,
type sniffed from the content, zip bombs refused from the ZIP directory before anything is
inflated), then openpyxl reads it read-only, values only (formulas are never evaluated). A CSV is
checked for size and binary content before it is decoded. Reading stops after the row limit.

Downloads: a CSV whose cells cannot run as formulas in a spreadsheet (a leading = + - @ is
defused with an apostrophe, as the applications export does) and an XLSX whose cells are all
written as values, never formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.catalog.files import as_file, check_upload, safe_name
from gongkai.core.conf import gongkai_settings
from gongkai.periodic.rules import MAX_COLUMNS, MAX_ROWS


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # csv | xlsx
    header: list[str]
    rows: list[list[Any]]


def _max_bytes() -> int:
    return gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024


def _decode(name: str, raw: bytes) -> str:
    if b"\x00" in raw:
        raise ValidationError(f"文件“{name}”不是文本格式的 CSV 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"文件“{name}”的文字编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV。")


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop the wholly empty rows (spreadsheets keep formatted blank rows)."""
    return [r for r in rows if any(v not in (None, "") for v in r)]


def _limit(name: str, rows: list[list[Any]]) -> None:
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(f"文件“{name}”超过 {MAX_ROWS} 行数据的上限，请分批上传。")


def read_csv(name: str, raw: bytes) -> Table:
    text = _decode(name, raw)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text)):
            rows.append(row)
            _limit(name, rows)
    except csv.Error as exc:
        raise ValidationError(
            f"文件“{name}”不是有效的 CSV 文件：第{len(rows) + 1}行无法解析。"
        ) from exc
    return _table(name, "csv", _trimmed(rows))


def read_xlsx(name: str, data: bytes | Any) -> Table:
    upload = as_file(data)
    kind = check_upload(name, upload, _max_bytes())
    if kind != "xlsx":
        raise ValidationError(f"文件“{name}”不是 Excel（XLSX）表格。")
    import openpyxl

    upload.seek(0)
    try:
        book = openpyxl.load_workbook(upload.file or upload, read_only=True, data_only=True)
    except Exception as exc:
        raise ValidationError(f"文件“{name}”已损坏，无法作为 Excel 表格打开。") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values)[: MAX_COLUMNS + 1])
            _limit(name, rows)
    finally:
        book.close()
    return _table(name, "xlsx", _trimmed(rows))


def _table(name: str, kind: str, rows: list[list[Any]]) -> Table:
    if not rows:
        raise ValidationError(f"文件“{name}”没有内容。")
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ValidationError(f"文件“{name}”超过 {MAX_COLUMNS} 列的上限。")
    return Table(name=name, kind=kind, header=header, rows=rows[1:])


def read_table(name: str, data: bytes | Any) -> Table:
    """An uploaded table by its extension (CSV or XLSX); anything else is refused."""
    name = safe_name(name)
    upload = as_file(data)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    if size > _max_bytes():
        raise ValidationError(f"文件“{name}”超过上限 {_max_bytes() // 1048576} MB。")
    lower = name.lower()
    if lower.endswith(".csv"):
        upload.seek(0)
        return read_csv(name, bytes(upload.read()))
    if lower.endswith(".xlsx"):
        return read_xlsx(name, upload)
    raise ValidationError(f"文件“{name}”不是 CSV 或 Excel（XLSX）表格，无法导入。")


# ---- downloads -------------------------------------------------------------------------------


def csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; defuse them."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with BOM (Excel reads it as Unicode), every cell defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow([csv_safe(str(c)) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """An XLSX with the values as text or numbers; nothing is ever a formula."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    if sheet is None:  # pragma: no cover - a new workbook always has its first sheet
        sheet = book.create_sheet()
    sheet.title = "数据"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(c) for c in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # a value starting with = stays text
    book.properties.title = title[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
