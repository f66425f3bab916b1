"""`gongkai report build`: the contract the acceptance checks call."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reports.tests.factories import make_case

pytestmark = pytest.mark.django_db


def build(*args: str) -> str:
    out = StringIO()
    call_command("report", "build", *args, stdout=out)
    return out.getvalue()


def test_build_json_by_org_code_and_credit_code(organ: Any, tmp_path: Path) -> None:
    make_case(organ, received=date(2025, 4, 1), closed=date(2025, 4, 20), outcome="partial")
    target = tmp_path / "r.json"
    build("--organ", organ.org_code, "--year", "2025", "--format", "json", "-o", str(target))
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert payload["format"] == "2021" and payload["year"] == 2025
    assert payload["organ"] == organ.name
    assert payload["tables"]["table3"]["partial"]["total"] == 1
    assert payload["tables"]["table2"]["licensing"]["decisions"] is None
    assert {"rule", "severity", "cells", "message"} <= set(payload["findings"][0])
    target2 = tmp_path / "r2.json"
    build(
        "--organ",
        organ.credit_code,
        "--year",
        "2025",
        "--scope",
        "subtree",
        "--format",
        "json",
        "-o",
        str(target2),
    )
    assert json.loads(target2.read_text())["tables"]["table3"]["new_received"]["total"] == 1


def test_build_xlsx_and_docx(organ: Any, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    make_case(organ, received=date(2025, 4, 1))
    xlsx = tmp_path / "r.xlsx"
    build("--organ", organ.org_code, "--year", "2025", "--format", "xlsx", "-o", str(xlsx))
    ws = load_workbook(xlsx)["表三 申请情况"]
    assert ws.cell(row=5, column=10).value == 1
    docx = tmp_path / "r.docx"
    build("--organ", organ.org_code, "--year", "2025", "--format", "docx", "-o", str(docx))
    assert Document(BytesIO(docx.read_bytes())).tables[1].cell(3, 9).text == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organ", "000000000", "--year", "2025", "--format", "json"], "找不到"),
        (["--year", "2025", "--format", "rtf"], "不支持的导出格式"),
        (["--year", "abc", "--format", "json"], "四位年份"),
        (["--year", "2025", "--scope", "all", "--format", "json"], "--scope"),
    ],
)
def test_build_errors_in_chinese(organ: Any, tmp_path: Path, args: list[str], message: str) -> None:
    if "--organ" not in args:
        args = ["--organ", organ.org_code, *args]
    with pytest.raises(CommandError, match=message):
        build(*args, "-o", str(tmp_path / "x"))
