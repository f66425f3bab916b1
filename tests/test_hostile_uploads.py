"""Hostile uploads (issue 16 §5 and the probe's findings): each refused with a clear Chinese
message, before it is read whole or inflated; good files of every kind still pass.

Every hostile file is generated here, in memory or as a sparse file (small on disk): a zip bomb
named .docx, a truncated PDF, `%PDF-` followed by HTML, polyglots (a ZIP appended to a PNG or
a PDF), a 300 MB upload, names that climb out of the upload folder. The odd-length UTF-16 report
upload (`FF FE 41`) is at the end: it belongs to `gongkai/reports` (another helper's).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from gongkai.catalog import files
from gongkai.catalog.models import Attachment
from gongkai.catalog.services.items import attachment_add

MiB = 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# -- good files ------------------------------------------------------------------------------


def _pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _docx(text: str = "正常的通知正文") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["项目", "金额"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _image(fmt: str) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


GOOD: dict[str, Callable[[], bytes]] = {
    "通知.pdf": _pdf,
    "通知.docx": _docx,
    "表.xlsx": _xlsx,
    "图.png": lambda: _image("PNG"),
    "图.jpg": lambda: _image("JPEG"),
    "图.gif": lambda: _image("GIF"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_files_of_every_kind_are_accepted(name, make_draft, staff) -> None:
    data = GOOD[name]()
    att = attachment_add(actor=staff["editor"], item=make_draft(), name=name, data=data)
    assert att.original_name == name and att.size == len(data)
    with att.file.open("rb") as fh:
        assert fh.read() == data  # stored whole, byte for byte


def test_the_demo_pdf_and_an_uploaded_file_object_are_accepted(make_draft, staff) -> None:
    from gongkai.demo.files import make_pdf

    item = make_draft()
    att = attachment_add(
        actor=staff["editor"], item=item, name="演示.pdf", data=make_pdf("标题", ["正文"])
    )
    assert att.file_kind == "pdf"
    upload = SimpleUploadedFile("上传.docx", _docx("从表单上传的附件"))
    att = attachment_add(actor=staff["editor"], item=item, name=str(upload.name), data=upload)
    assert att.file_kind == "docx" and "从表单上传的附件" in att.extracted_text


# -- zip bombs inside DOCX/XLSX --------------------------------------------------------------


def _package(members: Iterator[tuple[str, Iterator[bytes]]], *, stored: bool = False) -> bytes:
    """An OOXML-looking package built member by member (large members are streamed)."""
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", compression=method, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for name, pieces in members:
            with zf.open(name, "w", force_zip64=True) as out:
                for piece in pieces:
                    out.write(piece)
    return buf.getvalue()


def _zeros(total: int) -> Iterator[bytes]:
    chunk = b"\0" * MiB
    for _ in range(total // MiB):
        yield chunk


def _peak_mib(run: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        run()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MiB


def test_a_zip_bomb_named_docx_is_refused_without_being_inflated(make_draft, staff) -> None:
    # 256 MiB of zeros packed into about 256 KB (ratio ~1000): text extraction would inflate it.
    bomb = _package(iter([("word/document.xml", _zeros(256 * MiB))]))
    assert len(bomb) < 2 * MiB
    item = make_draft()
    errors: list[ValidationError] = []

    def add() -> None:
        try:
            attachment_add(actor=staff["editor"], item=item, name="通知.docx", data=bomb)
        except ValidationError as exc:
            errors.append(exc)

    peak = _peak_mib(add)
    assert errors and "疑为压缩炸弹" in errors[0].messages[0]
    assert peak < 32  # refused from the ZIP directory: nothing was decompressed
    assert not Attachment.objects.exists()


def test_xlsx_over_the_uncompressed_total_or_member_count_is_refused(
    make_draft, staff, monkeypatch
) -> None:
    item = make_draft()
    monkeypatch.setattr(files, "ZIP_MAX_UNCOMPRESSED", 1 * MiB)
    incompressible = [bytes(range(256)) * 4096 * 2]  # 2 MiB, stored: ratio 1
    big = _package(iter([("xl/workbook.xml", iter(incompressible))]), stored=True)
    with pytest.raises(ValidationError, match="解压后达 2 MB，超过上限 1 MB"):
        attachment_add(actor=staff["editor"], item=item, name="表.xlsx", data=big)
    monkeypatch.setattr(files, "ZIP_MAX_UNCOMPRESSED", 200 * MiB)
    many = _package(iter((f"xl/s{i}.xml", iter([b"x"])) for i in range(files.ZIP_MAX_MEMBERS + 1)))
    with pytest.raises(ValidationError, match="内部文件，超过上限"):
        attachment_add(actor=staff["editor"], item=item, name="表.xlsx", data=many)


# -- broken and polyglot files ---------------------------------------------------------------


def test_a_truncated_pdf_is_refused(make_draft, staff) -> None:
    whole = _pdf(pages=3)
    item = make_draft()
    with pytest.raises(ValidationError, match="不完整"):
        attachment_add(
            actor=staff["editor"], item=item, name="截断.pdf", data=whole[: len(whole) // 2]
        )
    # Cut in the middle, with an %%EOF glued on: it still does not parse.
    glued = whole[: len(whole) // 3] + b"\n%%EOF\n"
    with pytest.raises(ValidationError, match="已损坏，无法作为 PDF 打开"):
        attachment_add(actor=staff["editor"], item=item, name="拼接.pdf", data=glued)


def test_pdf_header_followed_by_html_is_refused(make_draft, staff) -> None:
    page = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    with pytest.raises(ValidationError, match="网页代码"):
        attachment_add(actor=staff["editor"], item=make_draft(), name="通知.pdf", data=page)


@pytest.mark.parametrize("name,make", [("图.png", lambda: _image("PNG")), ("通知.pdf", _pdf)])
def test_a_file_with_a_zip_appended_is_refused(name, make, make_draft, staff) -> None:
    polyglot = make() + _package(iter([("word/document.xml", iter([b"<w:document/>"]))]))
    with pytest.raises(ValidationError, match="夹带了压缩包"):
        attachment_add(actor=staff["editor"], item=make_draft(), name=name, data=polyglot)


def test_a_broken_image_and_a_wrong_extension_are_refused(make_draft, staff) -> None:
    item = make_draft()
    png = _image("PNG")
    with pytest.raises(ValidationError, match="无法作为图片打开"):
        attachment_add(actor=staff["editor"], item=item, name="图.png", data=png[:40])
    with pytest.raises(ValidationError, match="扩展名与实际内容（PNG）不符"):
        attachment_add(actor=staff["editor"], item=item, name="图.pdf", data=png)
    with pytest.raises(ValidationError, match="不是允许的类型"):
        attachment_add(actor=staff["editor"], item=item, name="页.html", data=b"<html></html>")


# -- size: checked before reading ------------------------------------------------------------


@pytest.fixture
def sparse_300mb(tmp_path: Any) -> Iterator[UploadedFile]:
    """A 300 MB upload as Django keeps it (a file on disk), sparse: a few KB on disk."""
    path = tmp_path / "big.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.seek(300 * 1000 * 1000 - 1)
        fh.write(b"\0")
    with path.open("rb") as fh:
        yield UploadedFile(
            fh, name="大文件.pdf", content_type="application/pdf", size=path.stat().st_size
        )


def test_a_300mb_upload_is_refused_by_its_size_without_being_read(
    make_draft, staff, settings, sparse_300mb
) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "MAX_UPLOAD_MB": 50}
    item = make_draft()
    errors: list[str] = []

    def add() -> None:
        try:
            attachment_add(actor=staff["editor"], item=item, name="大文件.pdf", data=sparse_300mb)
        except ValidationError as exc:
            errors.extend(exc.messages)

    assert _peak_mib(add) < 8
    assert errors == ["文件“大文件.pdf”大小为 286.1 MB，超过上限 50 MB。"]


def test_the_item_form_passes_the_upload_unread(
    organ, staff, settings, sparse_300mb, item_form_data
) -> None:
    """The staff view hands the uploaded file to the service, which refuses it by its size; the
    view never reads it into memory first (it did: 117 → 420 MB for 300 MB)."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from gongkai.catalog.views.staff import item_create_view

    settings.GONGKAI = {**settings.GONGKAI, "MAX_UPLOAD_MB": 50}
    request = RequestFactory().post(reverse("office:item_create"))
    request._post = QueryDict(mutable=True)  # type: ignore[attr-defined]
    request._post.update(item_form_data)  # type: ignore[attr-defined]
    request._files = MultiValueDict({"attachments": [sparse_300mb]})  # type: ignore[attr-defined]
    request.user = staff["editor"]
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response: list[Any] = []
    peak = _peak_mib(lambda: response.append(item_create_view(request)))
    assert peak < 16
    assert response[0].status_code == 200
    assert "超过上限 50 MB" in response[0].content.decode()
    assert not Attachment.objects.exists()


@pytest.fixture
def item_form_data(organ: Any) -> dict[str, str]:
    from gongkai.catalog.models import Column

    column = Column.objects.get(organ=organ, code="policy")
    return {
        "organ": str(organ.pk),
        "column": str(column.pk),
        "kind": "general",
        "title": "关于做好就业补贴申领工作的通知",
        "formed_on": "2026-03-02",
        "written_on": "2026-03-01",
        "body": "<p>通知如下。</p>",
        "validity": "valid",
        "attribute": "proactive",
    }


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile,kept",
    [
        ("../../../etc/passwd.docx", "passwd.docx"),
        ("..\\..\\windows\\win.ini.docx", "win.ini.docx"),
        ("/var/www/通知.docx", "通知.docx"),
        (".hidden.docx", "hidden.docx"),
        ("a\x00b\r\nc.docx", "a_b__c.docx"),
        ("<b>通知</b>.docx", "b_.docx"),
    ],
)
def test_path_traversal_in_file_names_is_neutralised(hostile, kept, make_draft, staff) -> None:
    att = attachment_add(actor=staff["editor"], item=make_draft(), name=hostile, data=_docx())
    assert att.original_name == kept
    stored = str(att.file.name)
    assert stored.startswith("attachments/") and ".." not in stored


def test_safe_name_keeps_an_extension_and_never_returns_nothing() -> None:
    assert files.safe_name("../") == "附件"
    assert files.safe_name("..") == "附件"
    long = "长" * 300 + ".docx"
    assert len(files.safe_name(long)) == 255 and files.safe_name(long).endswith(".docx")


# -- the reports' odd-length UTF-16 upload (gongkai/reports is another helper's) -------------


ODD_UTF16 = b"\xff\xfe\x41"


# db: every public page resolves its site (gongkai/sites) from the registry.
@pytest.mark.django_db
def test_odd_length_utf16_report_upload_is_refused_with_a_message(client) -> None:
    """`FF FE 41` (a UTF-16 BOM and half a character) to the public 年报体检: a 400 with a Chinese
    message, never a UnicodeDecodeError (500). The fix belongs in reports/parsing/decode.py."""
    response = client.post(
        reverse("report_check:check"),
        {"file": SimpleUploadedFile("年报.txt", ODD_UTF16, "text/plain")},
    )
    assert response.status_code in {200, 400}, response.status_code
    assert "无法识别文件编码" in response.content.decode()


def test_odd_length_utf16_report_import_is_refused_with_a_message(client, organ, staff) -> None:
    """The same bytes to the back-office import (公开办管理员): a form error, never a 500."""
    client.force_login(staff["organ_admin"])
    response = client.post(
        reverse("reports:import"),
        {
            "organ": organ.pk,
            "year": "",
            "file": SimpleUploadedFile("年报.txt", ODD_UTF16, "text/plain"),
        },
    )
    assert response.status_code in {200, 400}, response.status_code


def test_odd_length_utf16_decodes_or_raises_unknown_encoding() -> None:
    from gongkai.reports.parsing.decode import UnknownEncoding, decode_bytes

    with pytest.raises(UnknownEncoding, match="UTF-16"):  # the module's own refusal, in Chinese
        decode_bytes(ODD_UTF16)
