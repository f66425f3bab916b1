"""Attachment checks: the type is sniffed from the content, never trusted from the name."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

ALLOWED_EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "gif": {".gif"},
}


def sniff_kind(head: bytes, data: bytes | None = None) -> str | None:
    """Return pdf/docx/xlsx/png/jpeg/gif from magic bytes (and the OOXML package parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check_upload(name: str, data: bytes, max_bytes: int) -> str:
    """Validate an upload and return its kind, or raise a ValidationError in Chinese."""
    if len(data) == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    if len(data) > max_bytes:
        raise ValidationError(
            f"文件“{name}”大小为 {len(data) / 1048576:.1f} MB，超过上限 {max_bytes // 1048576} MB。"
        )
    kind = sniff_kind(data[:16], data)
    if kind is None:
        raise ValidationError(
            f"文件“{name}”的内容不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）。"
        )
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS[kind]:
        raise ValidationError(
            f"文件“{name}”的扩展名与实际内容（{kind.upper()}）不符，可能是伪装的文件，已拒绝。"
        )
    return kind


def extract_text(kind: str, data: bytes) -> str:
    """Plain text of a document for the scanner and search; empty for images or unreadable files."""
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" ".join(cell.text for cell in row.cells))
            return "\n".join(parts)
        if kind == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            lines = []
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    lines.append(" ".join(str(v) for v in row if v is not None))
            wb.close()
            return "\n".join(lines)
    except Exception:  # noqa: BLE001 - a broken document still uploads; it just has no text
        return ""
    return ""
