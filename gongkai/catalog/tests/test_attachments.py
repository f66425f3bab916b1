import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import attachment_add


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_docx_attachment_text_is_scanned(make_draft, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = make_draft()
    att = attachment_add(
        actor=staff["editor"],
        item=item,
        name="名单.docx",
        data=_docx_bytes("联系人身份证11010519491231002X"),
    )
    assert att.file_kind == "docx" and "11010519491231002X" in att.extracted_text
    item = workflow.item_submit(actor=staff["editor"], item=item)
    finding = item.findings.get(kind="id_number")
    assert finding.source == "附件：名单.docx"


def test_xlsx_is_accepted(make_draft, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    att = attachment_add(
        actor=staff["editor"],
        item=make_draft(),
        name="表.xlsx",
        data=_xlsx_bytes([["项目", "金额"]]),
    )
    assert att.file_kind == "xlsx" and "金额" in att.extracted_text


def test_disguised_upload_is_refused(make_draft, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = make_draft()
    with pytest.raises(ValidationError, match="不是允许的类型"):
        attachment_add(
            actor=staff["editor"], item=item, name="通知.pdf", data=b"MZ\x90\x00 fake exe"
        )
    with pytest.raises(ValidationError, match="扩展名与实际内容"):
        attachment_add(actor=staff["editor"], item=item, name="通知.pdf", data=_docx_bytes("x"))
    assert item.attachments.count() == 0


def test_oversized_upload_is_refused(make_draft, staff, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.GONGKAI = {**settings.GONGKAI, "MAX_UPLOAD_MB": 1}
    with pytest.raises(ValidationError, match="超过上限"):
        attachment_add(
            actor=staff["editor"],
            item=make_draft(),
            name="大.pdf",
            data=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10),
        )
