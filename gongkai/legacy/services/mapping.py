"""From a page's 信息公开表头 to the fields of a catalog item, with every value that could not
be mapped said in Chinese (the dry run's report, and the run's record)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.catalog.models import Topic, Validity
from gongkai.core.text import parse_doc_number
from gongkai.legacy.header import Attachment, LegacyDoc
from gongkai.legacy.rules import (
    FIELD_NAMES,
    SUPPORTED_ATTACHMENT,
    parse_date,
    topic_for,
    validity_of,
)
from gongkai.orgs.models import Organ


@dataclass
class Mapped:
    """What an item will be made of, and what could not be mapped."""

    title: str
    index_no: str = ""
    written_on: date | None = None
    published_on: date | None = None
    doc_number: str = ""
    topic: Topic | None = None
    validity: str = Validity.VALID
    body: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    read: dict[str, str] = field(default_factory=dict)  # the 表头 as read, by Chinese name

    @property
    def formed_on(self) -> date | None:
        return self.written_on or self.published_on

    @property
    def complete(self) -> bool:
        """Enough to publish under its old date: a title, a date, a text or a file."""
        return bool(self.title and self.published_on and (self.body.strip() or self.attachments))

    def fields_text(self) -> dict[str, Any]:
        """The mapped values as the report shows them."""
        return {
            "标题": self.title,
            "索引号": self.index_no,
            "成文日期": self.written_on.isoformat() if self.written_on else "",
            "发布日期": self.published_on.isoformat() if self.published_on else "",
            "文号": self.doc_number,
            "主题分类": self.topic.label if self.topic else "",
            "有效性": Validity(self.validity).label,
            "附件": [a.name for a in self.attachments],
        }


def map_page(doc: LegacyDoc, *, organ: Organ, topics: list[Topic]) -> Mapped:
    header = doc.header
    mapped = Mapped(title=doc.title.strip(), body=doc.body_html)
    mapped.read = {FIELD_NAMES[k]: v for k, v in header.items()}
    problems = mapped.problems
    if not doc.has_header:
        problems.append("页面没有信息公开表头：只导入了能读取的标题、正文和附件。")
    if not mapped.title:
        problems.append("页面没有标题。")
    mapped.index_no = header.get("index_no", "")[:64]
    if doc.has_header and not mapped.index_no:
        problems.append("表头中没有索引号：发布时按本平台规则重新编号。")
    for key in ("written_on", "published_on"):
        raw = header.get(key, "")
        value = parse_date(raw)
        if raw and value is None:
            problems.append(f"{FIELD_NAMES[key]}无法识别：{raw}")
        setattr(mapped, key, value)
    if mapped.published_on is None and mapped.written_on is not None:
        mapped.published_on = mapped.written_on
        problems.append("没有发布日期：按成文日期记录发布日期。")
    if mapped.formed_on is None:
        problems.append("没有可识别的日期：已导入为草稿，请补录形成日期和发布日期后再发布。")
    raw_number = header.get("doc_number", "")
    if raw_number and raw_number not in ("无", "-", "—"):
        if parse_doc_number(raw_number):
            mapped.doc_number = raw_number
        else:
            problems.append(f"文号格式无法识别：{raw_number}（未写入文号）")
    raw_topic = header.get("topic", "")
    if raw_topic:
        mapped.topic = topic_for(raw_topic, topics)
        if mapped.topic is None:
            problems.append(f"主题分类未能对应：{raw_topic}")
    raw_validity = header.get("validity", "")
    if raw_validity:
        validity = validity_of(raw_validity)
        if validity is None:
            problems.append(f"有效性无法识别：{raw_validity}（按“有效”导入）")
        else:
            mapped.validity = validity
    issuer = header.get("organ", "")
    if issuer and issuer not in {organ.name, organ.display_name}:
        problems.append(
            f"发布机构“{issuer}”与导入机关“{organ.display_name}”不一致，按导入机关记录。"
        )
    for attachment in doc.attachments:
        if SUPPORTED_ATTACHMENT.search(attachment.href.split("?")[0]):
            mapped.attachments.append(attachment)
        else:
            problems.append(
                f"附件“{attachment.name}”的格式不受支持，未导入（原地址：{attachment.href}）。"
            )
    if not doc.body_text.strip() and not mapped.attachments:
        problems.append("正文和附件都为空。")
    return mapped
