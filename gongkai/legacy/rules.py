"""Rules of the legacy import: how the values of an old 信息公开表头 are read, and which links a
crawl of an old site must not follow. One pure function per rule.

The 表头 fields are those of the 政府信息公开目录 metadata (GB/T 21063.3 核心元数据 as the
national 政府信息公开目录系统实施指引 lists them: 索引号, 信息名称, 发布机构, 生成日期/成文日期,
发布日期, 文号, 主题分类, 有效性); old platforms (TRS, 大汉 …) label them with small variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from gongkai.catalog.models import Topic, Validity

#: The 表头 fields and the labels old sites give them (first label = the name in reports).
LABELS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "索 引 号"),
    "title": ("名称", "信息名称", "标题", "文件名称"),
    "organ": ("发布机构", "发文机关", "发布单位", "发文单位", "信息来源"),
    "written_on": ("成文日期", "生成日期", "成文时间", "生成时间", "形成日期"),
    "published_on": ("发布日期", "发布时间", "公开日期", "公开时间"),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "topic": ("主题分类", "分类", "所属主题"),
    "validity": ("有效性", "时效性", "效力状态", "是否有效"),
}
FIELD_NAMES = {key: labels[0] for key, labels in LABELS.items()}
_ALIAS = {re.sub(r"\s+", "", label): key for key, labels in LABELS.items() for label in labels}

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def label_key(text: str) -> str | None:
    """The 表头 field a label names ("索 引 号：" → index_no), or None."""
    squashed = re.sub(r"[\s\u3000\xa0]+", "", text).rstrip(":：")
    return _ALIAS.get(squashed)


def parse_date(text: str) -> date | None:
    """2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日 (a time after it ignored)."""
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


#: 有效性 as old sites write it → the catalog's values (已修订 and 部分失效 read as 已修改).
_VALIDITY = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "是": Validity.VALID,
    "已修改": Validity.AMENDED,
    "已修订": Validity.AMENDED,
    "修改": Validity.AMENDED,
    "部分失效": Validity.AMENDED,
    "已废止": Validity.REPEALED,
    "废止": Validity.REPEALED,
    "已失效": Validity.EXPIRED,
    "失效": Validity.EXPIRED,
    "无效": Validity.EXPIRED,
    "否": Validity.EXPIRED,
}


def validity_of(text: str) -> str | None:
    """The catalog's 有效性 for an old label; None when it cannot be read."""
    return _VALIDITY.get(re.sub(r"\s+", "", text or ""))


def topic_for(text: str, topics: Iterable[Topic]) -> Topic | None:
    """The 主题分类 an old label names: "综合政务\\政务公开", "综合政务/政务公开" or a name met
    once in the tree ("政务公开"); a top-level name alone names the top level."""
    parts = [p for p in re.split(r"[\\/＼>＞|·、]+|\s+-\s+", (text or "").strip()) if p.strip()]
    if not parts:
        return None
    parts = [p.strip() for p in parts]
    pool = list(topics)
    if len(parts) >= 2:
        for topic in pool:
            if topic.parent is not None and (topic.parent.name, topic.name) == tuple(parts[-2:]):
                return topic
    leaf = parts[-1]
    named = [t for t in pool if t.name == leaf and leaf != "其他"]
    if len(named) == 1:
        return named[0]
    tops = [t for t in named if t.parent_id is None]
    return tops[0] if len(tops) == 1 else None


#: Query keys of calendar-style links (?date=2024-05-01, ?y=2024&m=5): each page links the next
#: day or month without end, so a crawl never follows them (issue 19 bad input: endless calendars).
_CALENDAR_KEYS = {"date", "day", "month", "year", "y", "m", "d", "ym", "ymd", "week", "riqi"}
_CALENDAR_PATH = re.compile(r"calendar|rili|/cal/", re.I)
_DATE_VALUE = re.compile(r"^\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?$")


def is_calendar_url(url: str) -> bool:
    parts = urlsplit(url)
    if _CALENDAR_PATH.search(parts.path):
        return True
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _CALENDAR_KEYS or _DATE_VALUE.match(value):
            return True
    return False


#: Attachments the catalog keeps (`catalog/files.py`); others are listed in the report.
ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|png|jpe?g|gif)$", re.I)
SUPPORTED_ATTACHMENT = re.compile(r"\.(pdf|docx|xlsx|png|jpe?g|gif)$", re.I)
