"""The data rules: a declared schema, the header against it, cells against their types, and
no ID or phone numbers published unmasked (issue 19 bad input)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.identifiers import resident_id_check_char
from gongkai.periodic.rules import (
    SchemaColumn,
    check_cells,
    check_header,
    check_personal_data,
    normalise_cell,
    parse_schema,
    schema_text,
)

TODAY = date(2026, 5, 20)
ID = "11010119800101123" + resident_id_check_char("11010119800101123")
SCHEMA = [
    SchemaColumn("地区", "text"),
    SchemaColumn("人数", "integer"),
    SchemaColumn("金额", "decimal"),
]


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return "；".join(exc.value.messages)


def test_parse_schema_reads_chinese_lines_and_round_trips() -> None:
    cols = parse_schema("地区：文本\n人数：整数\n\n金额:小数\n身份证号：文本：脱敏\n日期|日期")
    assert [(c.name, c.type, c.masked) for c in cols] == [
        ("地区", "text", False),
        ("人数", "integer", False),
        ("金额", "decimal", False),
        ("身份证号", "text", True),
        ("日期", "date", False),
    ]
    assert parse_schema(schema_text(cols)) == cols


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("地区：文字", "类型“文字”无法识别"),
        ("地区\n地区：整数", "列名“地区”重复"),
        ("  \n", "请声明数据结构"),
    ],
)
def test_parse_schema_refuses_with_the_reason(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_schema(text)
    assert words in _message(exc)


def test_header_in_any_order_gives_the_column_order() -> None:
    assert check_header(SCHEMA, ["金额", "地区", "人数"]) == [1, 2, 0]


def test_header_mismatch_names_missing_and_extra_columns() -> None:
    with pytest.raises(ValidationError) as exc:
        check_header(SCHEMA, ["地区", "人口", "金额", ""])
    message = _message(exc)
    assert "表头与声明的数据结构不一致" in message
    assert "缺少声明的列：“人数”" in message
    assert "多出未声明的列：“人口”、“（空白列名）”" in message


@pytest.mark.parametrize(
    ("value", "kind", "out"),
    [
        (" 1,234 ", "integer", "1234"),
        (12.0, "integer", "12"),
        ("12.50", "decimal", "12.50"),
        ("3.0", "decimal", "3"),
        ("2026年3月1日", "date", "2026-03-01"),
        ("2026/3/1", "date", "2026-03-01"),
        (date(2026, 3, 1), "date", "2026-03-01"),
        (None, "integer", ""),
        ("=1+1", "text", "=1+1"),
    ],
)
def test_normalise_cell(value: object, kind: str, out: str) -> None:
    assert normalise_cell(value, kind) == out


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("十二", "integer"),
        ("1.5", "integer"),
        ("abc", "decimal"),
        ("NaN", "decimal"),
        ("2026-02-30", "date"),
        ("三月", "date"),
    ],
)
def test_normalise_cell_refuses(value: str, kind: str) -> None:
    with pytest.raises(ValueError):
        normalise_cell(value, kind)


def test_bad_cells_are_named_by_row_and_column_first_few_only() -> None:
    rows = [["甲", "十二", "1"]] + [["乙", "x", "y"]] * 5
    with pytest.raises(ValidationError) as exc:
        check_cells(SCHEMA, [0, 1, 2], rows)
    message = _message(exc)
    assert message.startswith("数据格式有误：第2行“人数”列的值“十二”不是整数")
    assert "第3行“金额”列的值“y”不是数值" in message
    assert "共 11 处" in message


def test_header_only_is_refused() -> None:
    with pytest.raises(ValidationError, match="没有数据行"):
        check_cells(SCHEMA, [0, 1, 2], [])


def test_an_id_number_column_is_refused() -> None:
    schema = [SchemaColumn("姓名", "text"), SchemaColumn("号码", "text")]
    with pytest.raises(ValidationError) as exc:
        check_personal_data(schema, [["张某", "—"], ["李某", ID]], today=TODAY)
    message = _message(exc)
    assert "“号码”列含有未遮盖的身份证号码（如第3行）" in message
    assert ID not in message


def test_a_phone_column_is_refused() -> None:
    schema = [SchemaColumn("联系方式", "text")]
    with pytest.raises(ValidationError, match="未遮盖的手机号码"):
        check_personal_data(schema, [["13912345678"]], today=TODAY)


def test_a_declared_masked_column_with_masked_values_passes() -> None:
    schema = [SchemaColumn("身份证号", "text", masked=True), SchemaColumn("手机", "text", True)]
    check_personal_data(schema, [["110101********1234", "139****5678"], ["", ""]], today=TODAY)


def test_a_declared_masked_column_must_hold_masked_values() -> None:
    schema = [SchemaColumn("身份证号", "text", masked=True)]
    with pytest.raises(ValidationError, match="未遮盖的身份证号码"):
        check_personal_data(schema, [[ID]], today=TODAY)
    with pytest.raises(ValidationError, match="声明为脱敏列，但第2行的值未遮盖"):
        check_personal_data(schema, [["110101198001"]], today=TODAY)


def test_an_id_header_must_be_declared_masked() -> None:
    schema = [SchemaColumn("证件号码", "text")]
    with pytest.raises(ValidationError, match="证件号码列"):
        check_personal_data(schema, [["110101********1234"]], today=TODAY)
