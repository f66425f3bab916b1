"""Reading uploads (CSV in UTF-8 or GBK, XLSX read-only with the catalog's zip-bomb check) and
writing downloads whose cells never run as formulas."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from gongkai.periodic.tables import csv_bytes, read_table, xlsx_bytes


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_or_gbk(encoding: str) -> None:
    table = read_table("低保.csv", "地区,人数\n青岚区,12\n\n".encode(encoding))
    assert table.kind == "csv"
    assert table.header == ["地区", "人数"]
    assert table.rows == [["青岚区", "12"]]


def test_xlsx_is_read_values_only() -> None:
    table = read_table("data.xlsx", _xlsx([["地区", "人数"], ["青岚区", 12], [None, None]]))
    assert table.kind == "xlsx"
    assert table.rows == [["青岚区", 12]]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.csv", b"", "空文件"),
        ("a.csv", b"\x00\x01", "不是文本格式"),
        ("a.txt", b"x,y", "不是 CSV 或 Excel"),
        ("a.xlsx", b"not a zip at all", "不是允许的类型"),
        ("a.csv", b"\n", "没有内容"),
    ],
)
def test_bad_files_are_refused_in_chinese(name: str, data: bytes, words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        read_table(name, data)
    assert words in "；".join(exc.value.messages)


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "0" * 20_000_000)
    with pytest.raises(ValidationError, match="压缩炸弹"):
        read_table("bomb.xlsx", out.getvalue())


def test_csv_download_defuses_formulas_and_opens_in_excel() -> None:
    data = csv_bytes(["名称", "值"], [['=HYPERLINK("http://x")', "+1"], ["@SUM(A1)", "-2"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "'+1"]
    assert rows[2] == ["'@SUM(A1)", "'-2"]


def test_xlsx_download_holds_values_never_formulas() -> None:
    data = xlsx_bytes("测试", ["名称"], [["=1+1"], ["青岚区"]])
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A1"].value == "名称"
