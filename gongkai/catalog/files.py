"""Attachment checks: the type is sniffed from the content, never trusted from the name.

An upload is checked before anything reads it whole (issue 16, hostile input): its declared size
first (a 300 MB file is refused without being read into memory); then its first bytes decide the
type, and the type's own check runs: a PDF must parse and end with its %%EOF marker (a
truncated file or `%PDF-` followed by HTML is refused); a DOCX/XLSX package is a ZIP whose
member count, total uncompressed size and compression ratio are read from its directory before
any member is decompressed (a zip bomb is refused without being inflated); an image must decode.
A file that is two types at once (a polyglot: an image or PDF with a ZIP archive appended, or
with an HTML document at its start that a browser could sniff) is refused. Names are kept as
the file's base name, without directories or control characters (path traversal).

Uploads arrive as bytes or as Django `File`s (a `TemporaryUploadedFile` is on disk); the checks,
the digest and text extraction read a `File` in chunks or through its file object.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File

ALLOWED_EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "gif": {".gif"},
}

#: A DOCX/XLSX package: at most this many members, this much uncompressed in all, and this
#: compression ratio overall (text XML compresses about 5–20 times; a zip bomb 1,000 times).
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
#: How much of the start a browser sniffs for HTML (WHATWG MIME sniffing reads 512 bytes).
SNIFF_BYTES = 1024
#: A PDF's %%EOF marker must be within this many bytes of the end (as pypdf's strict mode).
PDF_EOF_WINDOW = 1024

_HTML_START = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]",
    re.IGNORECASE,
)
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')

Upload = bytes | File


def safe_name(name: str) -> str:
    """The base name of an uploaded file: no directories (../, C:\\), control characters or
    characters Windows forbids, no leading dots; at most 255 characters, extension kept."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE_NAME_CHARS.sub("_", base).strip().lstrip(".").strip()
    if not base or set(base) <= {"_", " "}:
        base = "附件"
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        base = stem[: 255 - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else base[:255]
    return base


def as_file(data: Upload) -> File:
    """A Django `File` over bytes or an upload (bytes are wrapped, nothing is copied)."""
    return data if isinstance(data, File) else ContentFile(data)


def _stream(upload: File) -> IO[bytes]:
    upload.seek(0)
    stream: IO[bytes] = upload.file if upload.file is not None else upload
    return stream


def chunks(upload: File) -> Iterator[bytes]:
    upload.seek(0)
    yield from upload.chunks()


def sha256_of(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in chunks(upload):
        digest.update(chunk)
    return digest.hexdigest()


def _head(upload: File, n: int = SNIFF_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return bytes(head)


def _tail(upload: File, n: int) -> bytes:
    stream = _stream(upload)
    size = upload.size or 0
    stream.seek(max(0, size - n))
    tail = stream.read(n)
    stream.seek(0)
    return bytes(tail)


def _zip_members(upload: File) -> list[zipfile.ZipInfo] | None:
    """The package's directory (read from its end; nothing is decompressed), or None."""
    try:
        with zipfile.ZipFile(_stream(upload)) as zf:
            return zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def sniff_kind(head: bytes, data: Upload | None = None) -> str | None:
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
        members = _zip_members(as_file(data))
        if members is None:
            return None
        names = {m.filename for m in members}
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def _refuse(name: str, why: str) -> ValidationError:
    return ValidationError(f"文件“{name}”{why}")


def check_package(name: str, upload: File) -> None:
    """A DOCX/XLSX: refuse a zip bomb from the ZIP directory, before anything is inflated."""
    members = _zip_members(upload)
    if members is None:
        raise _refuse(name, "已损坏，无法作为 Office 文档打开，已拒绝。")
    if len(members) > ZIP_MAX_MEMBERS:
        raise _refuse(
            name,
            f"包含 {len(members)} 个内部文件，超过上限 {ZIP_MAX_MEMBERS} 个，"
            "疑为压缩炸弹，已拒绝。",
        )
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > ZIP_MAX_UNCOMPRESSED:
        raise _refuse(
            name,
            f"解压后达 {total / 1048576:.0f} MB，超过上限 {ZIP_MAX_UNCOMPRESSED // 1048576} MB，"
            "疑为压缩炸弹，已拒绝。",
        )
    if total / packed > ZIP_MAX_RATIO:
        raise _refuse(
            name,
            f"压缩比达 {total / packed:.0f} 倍（正常文档不超过 {ZIP_MAX_RATIO} 倍），"
            "疑为压缩炸弹，已拒绝。",
        )
    for m in members:
        parts = m.filename.replace("\\", "/").split("/")
        if m.filename.startswith("/") or ".." in parts:
            raise _refuse(name, "内部含有指向文档以外位置的路径，已拒绝。")


def check_pdf(name: str, upload: File) -> None:
    """A PDF must be whole (its %%EOF near the end) and parse with at least one page."""
    if b"%%EOF" not in _tail(upload, PDF_EOF_WINDOW):
        raise _refuse(name, "不完整（PDF 文件结尾缺失，可能上传中断或文件已截断），已拒绝。")
    from pypdf import PdfReader

    try:
        reader = PdfReader(_stream(upload), strict=False)
        pages = len(reader.pages)
    except Exception as exc:
        raise _refuse(name, "已损坏，无法作为 PDF 打开，已拒绝。") from exc
    finally:
        upload.seek(0)
    if pages < 1:
        raise _refuse(name, "是没有页面的 PDF，已拒绝。")


def check_image(name: str, upload: File) -> None:
    from PIL import Image

    try:
        with Image.open(_stream(upload)) as image:
            image.verify()
    except Exception as exc:
        raise _refuse(name, "已损坏，无法作为图片打开，已拒绝。") from exc
    finally:
        upload.seek(0)


def check_polyglot(name: str, kind: str, upload: File, head: bytes) -> None:
    """Refuse a file that is also another type: HTML a browser would sniff, or a ZIP appended."""
    if _HTML_START.search(head):
        raise _refuse(name, f"开头含有网页代码，并非单纯的 {kind.upper()} 文件，已拒绝。")
    if kind not in ("docx", "xlsx") and _zip_members(upload) is not None:
        raise _refuse(name, f"在 {kind.upper()} 内容之外还夹带了压缩包，已拒绝。")


def check_upload(name: str, data: Upload, max_bytes: int) -> str:
    """Validate an upload and return its kind, or raise a ValidationError in Chinese.

    The declared size is checked before any byte is read; nothing reads the file whole."""
    upload = as_file(data)
    size = upload.size or 0
    if size == 0:
        raise _refuse(name, "是空文件。")
    if size > max_bytes:
        raise _refuse(name, f"大小为 {size / 1048576:.1f} MB，超过上限 {max_bytes // 1048576} MB。")
    head = _head(upload)
    kind = sniff_kind(head[:16], upload)
    if kind is None:
        raise _refuse(name, "的内容不是允许的类型（PDF、DOCX、XLSX、PNG、JPEG、GIF）。")
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS[kind]:
        raise _refuse(name, f"的扩展名与实际内容（{kind.upper()}）不符，可能是伪装的文件，已拒绝。")
    check_polyglot(name, kind, upload, head)
    if kind in ("docx", "xlsx"):
        check_package(name, upload)
    elif kind == "pdf":
        check_pdf(name, upload)
    else:
        check_image(name, upload)
    return kind


def extract_text(kind: str, data: Upload) -> str:
    """Plain text of a document for the scanner and search; empty for images or unreadable files.
    Call it after `check_upload` (which refuses the packages that would inflate too far)."""
    upload = as_file(data)
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(_stream(upload))
            return "\n".join((page.extract_text() or "") for page in reader.pages)
        if kind == "docx":
            import docx

            document = docx.Document(_stream(upload))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append(" ".join(cell.text for cell in row.cells))
            return "\n".join(parts)
        if kind == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(_stream(upload), read_only=True, data_only=True)
            lines = []
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    lines.append(" ".join(str(v) for v in row if v is not None))
            wb.close()
            return "\n".join(lines)
    except Exception:  # noqa: BLE001 - a broken document still uploads; it just has no text
        return ""
    finally:
        upload.seek(0)
    return ""


__all__ = [
    "ALLOWED_EXTENSIONS",
    "as_file",
    "check_upload",
    "extract_text",
    "safe_name",
    "sha256_of",
    "sniff_kind",
]
