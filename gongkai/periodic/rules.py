"""Rules of structured disclosure data (issue 19 §4): a declared schema, the upload's columns
checked against it, every cell against its type, and no personal data published unmasked.

Pure functions over plain values; each refusal names what is wrong in Chinese (which columns are
missing or extra, which row and column hold a bad value, which column holds ID numbers).

Personal data (《个人信息保护法》第二十八条: 身份证号码 is sensitive personal information;
《政府信息公开条例》第十五条): a column whose values look like 公民身份号码 or mobile numbers is
refused unless the schema declares it masked and every value is masked. The detection is the
catalog scanner's (`catalog/scanner.py: find_spans`): the same rules as for published items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.catalog.scanner import find_spans
from gongkai.periodic.models import ColumnType

#: The first this many bad cells are named in the message (the rest are counted).
SHOW_ERRORS = 5
MAX_COLUMNS = 60
MAX_ROWS = 10_000
MAX_CELL_CHARS = 500

TYPE_NAMES = {
    "文本": ColumnType.TEXT,
    "text": ColumnType.TEXT,
    "整数": ColumnType.INTEGER,
    "integer": ColumnType.INTEGER,
    "小数": ColumnType.DECIMAL,
    "数值": ColumnType.DECIMAL,
    "decimal": ColumnType.DECIMAL,
    "日期": ColumnType.DATE,
    "date": ColumnType.DATE,
}
MASK_WORDS = {"脱敏", "遮盖", "masked"}
PERSONAL_KINDS = {"id_number": "身份证号码", "id_suspect": "身份证号码", "mobile": "手机号码"}
#: A header that names 身份证/证件号码 is an ID column whatever its values (they may be invalid).
_ID_HEADER = re.compile(r"身份证|证件号")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MASK = re.compile(r"[*＊]{2,}")


@dataclass(frozen=True)
class SchemaColumn:
    name: str
    type: str
    masked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "masked": self.masked}


def schema_from_data(data: Sequence[dict[str, Any]]) -> list[SchemaColumn]:
    return [
        SchemaColumn(str(c["name"]), str(c.get("type", "text")), bool(c.get("masked", False)))
        for c in data
    ]


def parse_schema(text: str) -> list[SchemaColumn]:
    """Staff declare a schema one column a line: `名称：类型[：脱敏]` (类型 文本/整数/小数/日期)."""
    columns: list[SchemaColumn] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in re.split(r"[:：|,，]", line)]
        name = parts[0]
        kind = TYPE_NAMES.get(parts[1].lower() if len(parts) > 1 and parts[1] else "文本")
        masked = any(p.lower() in MASK_WORDS for p in parts[2:])
        if not name:
            errors.append(f"第{number}行缺少列名")
        elif kind is None:
            errors.append(
                f"第{number}行“{name}”的类型“{parts[1]}”无法识别（可用：文本、整数、小数、日期）"
            )
        elif any(c.name == name for c in columns):
            errors.append(f"列名“{name}”重复")
        else:
            columns.append(SchemaColumn(name, str(kind), masked))
    if not errors and not columns:
        errors.append("请声明数据结构：每行一列，格式为“列名：类型”，如“月份：日期”")
    if len(columns) > MAX_COLUMNS:
        errors.append(f"数据结构最多 {MAX_COLUMNS} 列")
    if errors:
        raise ValidationError("数据结构有误：" + "；".join(errors) + "。")
    return columns


def schema_text(columns: Sequence[SchemaColumn]) -> str:
    """The form's text for a schema (the inverse of `parse_schema`)."""
    names = {v: k for k, v in TYPE_NAMES.items() if not k.isascii()}
    names[ColumnType.DECIMAL] = "小数"
    return "\n".join(
        f"{c.name}：{names[ColumnType(c.type)]}{'：脱敏' if c.masked else ''}" for c in columns
    )


def check_header(schema: Sequence[SchemaColumn], header: Sequence[str]) -> list[int]:
    """The upload's columns must be the declared ones (any order): returns, for each declared
    column, its index in the upload; refuses naming the missing and the extra columns."""
    names = [h.strip() for h in header]
    declared = [c.name for c in schema]
    missing = [n for n in declared if n not in names]
    extra = [n or "（空白列名）" for n in names if n not in declared]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    parts = []
    if missing:
        parts.append("缺少声明的列：" + "、".join(f"“{n}”" for n in missing))
    if extra:
        parts.append("多出未声明的列：" + "、".join(f"“{n}”" for n in extra))
    if repeated:
        parts.append("列名重复：" + "、".join(f"“{n}”" for n in repeated))
    if parts:
        raise ValidationError("上传文件的表头与声明的数据结构不一致。" + "；".join(parts) + "。")
    return [names.index(n) for n in declared]


def normalise_cell(value: Any, kind: str) -> str:
    """A cell as text in its canonical form, or ValueError with the reason."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if kind == ColumnType.DATE and isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"超过 {MAX_CELL_CHARS} 字")
    if not text or kind == ColumnType.TEXT:
        return text
    if kind == ColumnType.INTEGER:
        plain = text.replace(",", "").replace("，", "")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if not re.fullmatch(r"-?\d+", plain):
            raise ValueError("不是整数")
        return str(int(plain))
    if kind == ColumnType.DECIMAL:
        try:
            number = Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError("不是数值") from None
        if not number.is_finite():
            raise ValueError("不是数值")
        return format(number.normalize(), "f") if number == number.to_integral() else str(number)
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("不是日期（应为 2026-03-31 或 2026年3月31日）")
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        raise ValueError("不是有效日期") from None


def check_cells(
    schema: Sequence[SchemaColumn], order: Sequence[int], rows: Sequence[Sequence[Any]]
) -> list[list[str]]:
    """Every cell against its declared type; rows numbered as in the file (the header is row 1).
    Returns the rows in the schema's order, normalised; refuses naming the first bad cells."""
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"数据共 {len(rows)} 行，超过上限 {MAX_ROWS} 行，请分批上传。")
    if not rows:
        raise ValidationError("上传文件只有表头，没有数据行。")
    out: list[list[str]] = []
    errors: list[str] = []
    count = 0
    for number, row in enumerate(rows, 2):
        cells: list[str] = []
        for column, index in zip(schema, order, strict=True):
            raw = row[index] if index < len(row) else None
            try:
                cells.append(normalise_cell(raw, column.type))
            except ValueError as exc:
                count += 1
                if len(errors) < SHOW_ERRORS:
                    errors.append(f"第{number}行“{column.name}”列的值“{str(raw)[:20]}”{exc}")
                cells.append("")
        out.append(cells)
    if errors:
        more = f"等，共 {count} 处" if count > len(errors) else ""
        raise ValidationError("数据格式有误：" + "；".join(errors) + f"{more}。")
    return out


def personal_data_problems(
    schema: Sequence[SchemaColumn], rows: Sequence[Sequence[str]], *, today: date | None = None
) -> list[str]:
    """Columns that would publish 身份证号码 or 手机号码 unmasked (empty list: none)."""
    problems: list[str] = []
    for i, column in enumerate(schema):
        found: dict[str, int] = {}
        unmasked_row = 0
        for number, row in enumerate(rows, 2):
            value = row[i]
            for span in find_spans(value, today=today):
                if span.kind in PERSONAL_KINDS:
                    found.setdefault(PERSONAL_KINDS[span.kind], number)
            if column.masked and value and not _MASK.search(value) and not unmasked_row:
                unmasked_row = number
        if found:
            what = "、".join(f"{k}（如第{n}行）" for k, n in found.items())
            problems.append(f"“{column.name}”列含有未遮盖的{what}")
        elif column.masked and unmasked_row:
            problems.append(f"“{column.name}”列声明为脱敏列，但第{unmasked_row}行的值未遮盖")
        elif _ID_HEADER.search(column.name) and not column.masked:
            problems.append(f"“{column.name}”列是证件号码列，须声明为脱敏列并遮盖后公开")
    return problems


def check_personal_data(
    schema: Sequence[SchemaColumn], rows: Sequence[Sequence[str]], *, today: date | None = None
) -> None:
    problems = personal_data_problems(schema, rows, today=today)
    if problems:
        raise ValidationError(
            "数据含有个人信息，不能公开："
            + "；".join(problems)
            + "。请删除该列，或将其声明为脱敏列并遮盖号码（如 110101********1234）后重新上传"
            "（《个人信息保护法》第二十八条）。"
        )
