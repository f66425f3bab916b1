"""The back office's 年报体检 in batch (reports/views/batch.py): several files, one summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.reports.tests.test_lint_cli import subtree  # noqa: F401 - the fixture
from gongkai.reports.views import batch

pytestmark = pytest.mark.django_db
URL = "reports:lint_batch"


def _uploads(folder: Path) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), "text/plain")
        for p in sorted(folder.iterdir())
        if p.is_file()
    ]


@pytest.fixture
def admin_client(client: Any, staff: dict[str, Any]) -> Any:
    client.force_login(staff["organ_admin"])
    return client


def test_several_reports_give_one_summary_table(admin_client: Any, subtree: Path) -> None:  # noqa: F811
    response = admin_client.post(reverse(URL), {"files": _uploads(subtree), "export": "page"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "检查结果（4份）" in html and "合计：错误 1 个" in html
    for name in ("a_good.txt", "b_bad.txt", "c_cut.html", "d_notice.txt"):
        assert name in html
    assert "readme.md：不是文本或网页文件" in html  # listed apart, not checked


def test_the_summary_downloads_as_xlsx(admin_client: Any, subtree: Path) -> None:  # noqa: F811
    response = admin_client.post(reverse(URL), {"files": _uploads(subtree), "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(batch.XLSX)
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "报告文件" and rows[-1][0] == "合计" and rows[-1][3] == 1


def test_a_formula_in_a_file_name_stays_text(admin_client: Any) -> None:
    upload = SimpleUploadedFile(
        "=HYPERLINK(1).txt", "关于做好值班工作的通知\n".encode(), "text/plain"
    )
    response = admin_client.post(reverse(URL), {"files": [upload], "export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None and ws["A2"].data_type == "s" and ws["A2"].value.startswith("=")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "请选择要检查的年度报告文件"),
        ([("报告.docx", b"PK\x03\x04")], "不是文本或网页文件"),
        ([("报告.txt", b"\xff\xfe\x41")], None),  # read, reported as unreadable: never a 500
    ],
)
def test_bad_uploads_get_a_clear_message(
    admin_client: Any, files: list[tuple[str, bytes]], message: str | None
) -> None:
    uploads = [SimpleUploadedFile(n, b, "text/plain") for n, b in files]
    response = admin_client.post(reverse(URL), {"files": uploads, "export": "page"})
    html = response.content.decode()
    if message is None:
        assert response.status_code == 200 and "报告.txt" in html
    else:
        assert response.status_code == 400 and message in html


def test_too_many_files_are_refused(admin_client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(batch, "MAX_FILES", 2)
    uploads = [SimpleUploadedFile(f"{n}.txt", b"x", "text/plain") for n in range(3)]
    response = admin_client.post(reverse(URL), {"files": uploads})
    assert response.status_code == 400 and "一次最多检查2份报告" in response.content.decode()


def test_only_a_gongkaiban_may_use_it(client: Any, staff: dict[str, Any]) -> None:
    client.force_login(staff["editor"])
    assert client.get(reverse(URL)).status_code == 403
