"""Reading a year's holiday arrangement from a small YAML or CSV file (format in README.md).

Every problem is reported in Chinese with the place it was found; nothing is written here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import yaml

STATUS_WORDS = {
    "已发布通知": "published",
    "published": "published",
    "暂定": "provisional",
    "provisional": "provisional",
}
KIND_WORDS = {
    "放假": "holiday",
    "holiday": "holiday",
    "上班": "workday",
    "调休上班": "workday",
    "workday": "workday",
}
YEAR_KEYS = {"year", "status", "notice", "holidays", "workdays", "note"}
NOTICE_KEYS = {"title", "number", "url"}
MAX_RANGE_DAYS = 31


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date gets our message, not a ValueError."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class CalendarFileError(ValueError):
    """The file cannot be imported; the message says where and why, in Chinese."""


@dataclass
class YearData:
    year: int
    status: str = "published"
    notice_title: str = ""
    notice_number: str = ""
    notice_url: str = ""
    note: str = ""
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)


def day_problem(year: int, day: date, kind: str) -> str:
    """Why `day` cannot be listed in the notice for `year`, or "" when it can."""
    in_year = day.year == year or (day.year == year - 1 and day.month == 12)
    if not in_year:
        return f"{day.isoformat()} 不属于{year}年的节假日安排（只能是{year}年内或上一年12月的日期）"
    if kind == "workday" and day.weekday() < 5:
        return f"调休上班日 {day.isoformat()} 不是周六或周日"
    return ""


def _parse_day(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise CalendarFileError(f"{where}：无法识别的日期“{value}”，应为 YYYY-MM-DD") from None


def _expand(value: Any, where: str) -> list[date]:
    """One date, or a range written `2027-02-05..2027-02-11` (both ends included)."""
    if isinstance(value, str) and ".." in value:
        first_text, last_text = value.split("..", 1)
        first, last = _parse_day(first_text, where), _parse_day(last_text, where)
        if last < first:
            raise CalendarFileError(f"{where}：日期区间“{value}”的结束日早于开始日")
        if (last - first).days >= MAX_RANGE_DAYS:
            raise CalendarFileError(f"{where}：日期区间“{value}”超过{MAX_RANGE_DAYS}天")
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [_parse_day(value, where)]


def _named_days(value: Any, where: str) -> list[tuple[date, str]]:
    """`{名称: [日期或区间, ...]}` or a plain list of dates/ranges (no names)."""
    if value is None:
        return []
    if isinstance(value, dict):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list):
        items = [("", value)]
    else:
        raise CalendarFileError(f"{where}：应为“名称: [日期, ...]”或日期列表")
    out: list[tuple[date, str]] = []
    for name, entries in items:
        entries_list = entries if isinstance(entries, list) else [entries]
        for entry in entries_list:
            out.extend((d, str(name)) for d in _expand(entry, f"{where}“{name or entry}”"))
    return out


def _add_days(data: YearData, days: list[tuple[date, str]], kind: str, where: str) -> None:
    target = data.holidays if kind == "holiday" else data.workdays
    other = data.workdays if kind == "holiday" else data.holidays
    for d, name in days:
        problem = day_problem(data.year, d, kind)
        if problem:
            raise CalendarFileError(f"{where}：{problem}")
        if d in other:
            raise CalendarFileError(f"{where}：{d.isoformat()} 同时被列为放假日和调休上班日")
        target[d] = name


def _status(value: Any, where: str) -> str:
    status = STATUS_WORDS.get(str(value).strip())
    if status is None:
        raise CalendarFileError(f"{where}：状态应为“已发布通知”或“暂定”，而不是“{value}”")
    return status


def _check_complete(data: YearData, where: str) -> YearData:
    if data.status == "published" and not data.holidays:
        raise CalendarFileError(f"{where}：已发布通知的{data.year}年没有任何放假日，请检查文件")
    if data.notice_url and not data.notice_url.startswith(("http://", "https://")):
        raise CalendarFileError(f"{where}：通知网址应以 http:// 或 https:// 开头")
    return data


def _year_from_mapping(doc: Any, where: str) -> YearData:
    if not isinstance(doc, dict):
        raise CalendarFileError(f"{where}：应为包含 year、holidays 等字段的映射")
    unknown = set(map(str, doc)) - YEAR_KEYS
    if unknown:
        raise CalendarFileError(f"{where}：未知字段 {', '.join(sorted(unknown))}")
    try:
        year = int(doc["year"])
    except (KeyError, TypeError, ValueError):
        raise CalendarFileError(f"{where}：缺少有效的年份（year）") from None
    if not 2000 <= year <= 2099:
        raise CalendarFileError(f"{where}：年份 {year} 超出范围（2000—2099）")
    where = f"{where}（{year}年）"
    notice = doc.get("notice") or {}
    if not isinstance(notice, dict) or set(map(str, notice)) - NOTICE_KEYS:
        raise CalendarFileError(f"{where}：notice 只能包含 title、number、url")
    data = YearData(
        year=year,
        status=_status(doc.get("status", "已发布通知"), where),
        notice_title=str(notice.get("title") or "").strip(),
        notice_number=str(notice.get("number") or "").strip(),
        notice_url=str(notice.get("url") or "").strip(),
        note=str(doc.get("note") or "").strip(),
    )
    _add_days(data, _named_days(doc.get("holidays"), f"{where} holidays"), "holiday", where)
    _add_days(data, _named_days(doc.get("workdays"), f"{where} workdays"), "workday", where)
    return _check_complete(data, where)


def parse_yaml(text: str, *, name: str = "文件") -> list[YearData]:
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CalendarFileError(f"{name}：YAML 格式错误：{exc}") from None
    docs = doc if isinstance(doc, list) else [doc]
    years = [_year_from_mapping(d, f"{name}第{i + 1}段") for i, d in enumerate(docs)]
    seen = [y.year for y in years]
    if len(set(seen)) != len(seen):
        raise CalendarFileError(f"{name}：同一年份出现了不止一次")
    return years


def parse_csv(
    text: str, *, name: str = "文件", year: int | None = None, status: str = "已发布通知"
) -> list[YearData]:
    """Columns `date,kind,name` (kind: 放假/上班); `#` lines are comments."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if not reader.fieldnames or not {"date", "kind"} <= set(reader.fieldnames):
        raise CalendarFileError(f"{name}：CSV 第一行应为表头 date,kind,name")
    rows: list[tuple[list[date], str, str, str]] = []
    for number, row in enumerate(reader, start=2):
        where = f"{name}第{number}行"
        kind = KIND_WORDS.get((row.get("kind") or "").strip())
        if kind is None:
            raise CalendarFileError(f"{where}：类型应为“放假”或“上班”，而不是“{row.get('kind')}”")
        days = _expand((row.get("date") or "").strip(), where)
        rows.append((days, kind, (row.get("name") or "").strip(), where))
    if not rows:
        raise CalendarFileError(f"{name}：没有任何日期")
    if year is None:
        year = max(d.year for days, *_ in rows for d in days)
    if not 2000 <= year <= 2099:
        raise CalendarFileError(f"{name}：年份 {year} 超出范围（2000—2099）")
    data = YearData(year=year, status=_status(status, name))
    for days, kind, day_name, where in rows:
        _add_days(data, [(d, day_name) for d in days], kind, where)
    return [_check_complete(data, name)]
