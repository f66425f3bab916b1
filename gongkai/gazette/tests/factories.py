"""Objects of the 公报 for the authorisation matrix (tests/test_authz_matrix.py): an issue of
organ A in draft, with its original uploaded (so the file URL has something to serve)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from pypdf import PdfWriter

from gongkai.gazette.services import issues


def authz_objects(*, organ: Any, admin: Any) -> dict[str, Any]:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    issue = issues.issue_create(
        actor=admin, organ=organ, year=2026, number=1, issued_on=date(2026, 3, 2),
        today=date(2026, 3, 2),
    )  # fmt: skip
    issue = issues.original_upload(actor=admin, issue=issue, name="原版.pdf", data=out.getvalue())
    return {"gazette_issue": issue}
