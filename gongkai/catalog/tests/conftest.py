"""Fixtures for the catalog's staff view tests: isolated media, a column, form data, file bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def policy_column(organ: Any) -> Any:
    from gongkai.catalog.models import Column

    return Column.objects.get(organ=organ, code="policy")


@pytest.fixture
def item_data(organ: Any, policy_column: Any) -> Callable[..., dict[str, Any]]:
    """POST data of the item form, as a browser sends it."""

    def make(**over: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "organ": organ.pk,
            "column": policy_column.pk,
            "kind": "general",
            "interprets": "",
            "title": "关于做好就业补贴申领工作的通知",
            "doc_number": "",
            "written_on": "2026-03-01",
            "formed_on": "2026-03-02",
            "topic": "",
            "genre": "",
            "keywords": "就业 补贴",
            "summary": "就业补贴申领安排。",
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
            "validity": "valid",
            "effective_on": "",
            "validity_changed_on": "",
            "validity_note": "",
            "attribute": "proactive",
            "attribute_reason": "",
            "attribute_basis": "",
            "review_on": "",
        }
        data.update(over)
        return data

    return make


@pytest.fixture
def docx_bytes() -> Callable[[str], bytes]:
    def make(text: str) -> bytes:
        import docx

        document = docx.Document()
        document.add_paragraph(text)
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    return make


@pytest.fixture
def pdf_bytes() -> bytes:
    """A whole one-page PDF (a bare `%PDF-…%%EOF` is refused as broken since issue 16)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
