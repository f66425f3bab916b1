"""One output schema per resource, built field by field from the record (never a model dumped
whole: no field leaks by accident), and the input schemas of the staff endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from gongkai.api.common import Day, Id, Text, When
from gongkai.catalog.models import (
    Attachment,
    Attribute,
    Column,
    Item,
    ItemKind,
    LegalBasis,
    Status,
    Validity,
)
from gongkai.orgs.models import Organ


def choice(values: list[str]) -> Any:
    """A string type that accepts only these values (documented as an enum)."""
    return Literal[tuple(values)]


if TYPE_CHECKING:
    KindIn: TypeAlias = str
    ValidityIn: TypeAlias = str
    AttributeIn: TypeAlias = str
    BasisIn: TypeAlias = str
    StatusIn: TypeAlias = str
else:
    KindIn = choice(ItemKind.values)
    ValidityIn = choice(Validity.values)
    AttributeIn = choice(Attribute.values)
    BasisIn = choice(["", *LegalBasis.values])
    StatusIn = choice(Status.values)


# ---- public ---------------------------------------------------------------------------------


class OrganOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str = Field(description="government 人民政府 / department 政府部门 / unit 事业单位及其他")
    kind_label: str
    level: str
    level_label: str
    parent_id: int | None
    credit_code: str = Field(description="统一社会信用代码")
    division_code: str = Field(description="行政区划代码")
    gio_name: str = Field(description="政府信息公开工作机构")
    gio_address: str
    gio_phone: str
    gio_email: str
    gio_hours: str
    url: str = Field(description="门户网站上的机关页面")


def organ_out(o: Organ) -> OrganOut:
    return OrganOut(
        id=o.pk,
        name=o.name,
        short_name=o.short_name,
        kind=o.kind,
        kind_label=o.get_kind_display(),
        level=o.level,
        level_label=o.get_level_display(),
        parent_id=o.parent_id,
        credit_code=o.credit_code,
        division_code=o.division_code,
        gio_name=o.gio_name,
        gio_address=o.gio_address,
        gio_phone=o.gio_phone,
        gio_email=o.gio_email,
        gio_hours=o.gio_hours,
        url=reverse("portal:organ", args=[o.pk]),
    )


class OrganPage(Schema):
    results: list[OrganOut]
    next_cursor: str | None = Field(description="下一页的 cursor；null 表示已是最后一页")


class ColumnOut(Schema):
    id: int
    organ_id: int
    parent_id: int | None
    name: str
    code: str
    kind: str
    kind_label: str
    article: str = Field(description="对应条款（第二十条第几项，或 21）")
    depth: int
    url: str


def column_out(c: Column, depth: int = 0) -> ColumnOut:
    return ColumnOut(
        id=c.pk,
        organ_id=c.organ_id,
        parent_id=c.parent_id,
        name=c.name,
        code=c.code,
        kind=c.kind,
        kind_label=c.get_kind_display(),
        article=c.article,
        depth=depth,
        url=reverse("portal:column", args=[c.pk]),
    )


class NamedOut(Schema):
    id: int
    name: str
    parent_id: int | None = None


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


def attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=a.pk,
        name=a.original_name,
        kind=a.file_kind,
        size=a.size,
        url=reverse("portal:attachment", args=[a.pk]),
    )


class ItemOut(Schema):
    id: int
    title: str
    index_number: str = Field(description="索引号")
    doc_number: str = Field(description="文号")
    organ_id: int
    organ_name: str
    column_id: int
    column_name: str
    kind: str
    kind_label: str
    topic_id: int | None
    topic: str
    genre_id: int | None
    genre: str
    keywords: str
    summary: str
    written_on: date | None = Field(description="成文日期")
    published_at: datetime | None
    updated_at: datetime
    revised_at: datetime | None = Field(description="修订后的更新日期")
    validity: str
    validity_label: str
    effective_on: date | None
    url: str


def item_out(i: Item) -> dict[str, Any]:
    return {
        "id": i.pk,
        "title": i.title,
        "index_number": i.index_number,
        "doc_number": i.doc_number,
        "organ_id": i.organ_id,
        "organ_name": i.organ.name,
        "column_id": i.column_id,
        "column_name": i.column.name,
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "topic_id": i.topic_id,
        "topic": i.topic.label if i.topic else "",
        "genre_id": i.genre_id,
        "genre": i.genre.name if i.genre else "",
        "keywords": i.keywords,
        "summary": i.summary,
        "written_on": i.written_on,
        "published_at": i.published_at,
        "updated_at": i.updated_at,
        "revised_at": i.revised_at,
        "validity": i.validity,
        "validity_label": i.get_validity_display(),
        "effective_on": i.effective_on,
        "url": i.get_absolute_url(),
    }


class ItemDetailOut(ItemOut):
    body: str = Field(description="正文（已清理的 HTML）")
    revision_note: str = Field(description="修订说明")
    validity_changed_on: date | None
    validity_note: str
    attachments: list[AttachmentOut]


def item_detail_out(i: Item) -> dict[str, Any]:
    return {
        **item_out(i),
        "body": i.body,
        "revision_note": i.revision_note,
        "validity_changed_on": i.validity_changed_on,
        "validity_note": i.validity_note,
        "attachments": [attachment_out(a) for a in i.attachments.all()],
    }


class ItemPage(Schema):
    results: list[ItemOut]
    next_cursor: str | None = Field(description="下一页的 cursor；null 表示已是最后一页")


class SearchHitOut(Schema):
    item: ItemOut
    title_html: str = Field(description="标题，检索词以 <mark> 标出")
    snippet_html: str = Field(description="摘要片段，检索词以 <mark> 标出")
    exact: bool


class SearchOut(Schema):
    query: str
    total: int
    page: int
    num_pages: int
    results: list[SearchHitOut]
    notices: list[str]


class ReportOut(Schema):
    id: int
    organ_id: int
    organ_name: str
    year: int
    scope: str = Field(description="self 本机关 / subtree 汇总（含下级机关）")
    title: str
    published_at: datetime | None
    item_id: int | None = Field(description="公开目录中的年报信息")


class ReportPage(Schema):
    results: list[ReportOut]
    next_cursor: str | None


Cell = int | float | str | None


class ReportDataOut(ReportOut):
    format: str = Field(description="表格格式：2021（国办公开办函〔2021〕30号）或 2019")
    tables: dict[str, dict[str, dict[str, Cell]]] = Field(
        description="表二、三、四：表 → 行 → 列 → 数值（小数以字符串给出）"
    )
    sections: dict[str, str] = Field(description="报告正文各部分")


# ---- applicant ------------------------------------------------------------------------------


class StatusLookupIn(Schema):
    code: Text = Field(max_length=40, description="12位查询码")
    tail: Text = Field(max_length=10, description="手机号码或证件号码后四位")


class TimelineOut(Schema):
    when: datetime
    what: str


class ApplicationStatusOut(Schema):
    reference: str = Field(description="申请编号")
    organ_name: str
    status: str
    status_label: str
    submitted_on: date
    receipt_date: date | None = Field(description="收到申请之日")
    due_date: date | None = Field(description="答复期限（办理中时）")
    extended: bool
    outcome_label: str
    answered_on: date | None
    timeline: list[TimelineOut]
    documents: list[str] = Field(description="已送达的告知书名称（登录门户网站查看）")


# ---- staff ----------------------------------------------------------------------------------


class StaffItemOut(ItemDetailOut):
    status: str
    status_label: str
    attribute: str = Field(description="公开属性")
    formed_on: date | None
    created_at: datetime
    open_findings: int = Field(description="未处理的保密扫描发现")


def staff_item_out(i: Item) -> dict[str, Any]:
    return {
        **item_detail_out(i),
        "status": i.status,
        "status_label": i.status_label,
        "attribute": i.attribute,
        "formed_on": i.formed_on,
        "created_at": i.created_at,
        "open_findings": sum(1 for f in i.findings.all() if f.is_open),
    }


class StaffItemPage(Schema):
    results: list[StaffItemOut]
    next_cursor: str | None


class ItemIn(Schema):
    """A draft's fields. On PATCH only the fields sent are changed."""

    column_id: Id | None = None
    title: Text | None = Field(None, max_length=300)
    kind: KindIn | None = Field(None, description="信息类型")
    interprets_id: Id | None = None
    doc_number: Text | None = Field(None, max_length=80)
    written_on: Day | None = None
    formed_on: Day | None = Field(None, description="形成/变更日期（第二十六条）")
    topic_id: Id | None = None
    genre_id: Id | None = None
    keywords: Text | None = Field(None, max_length=200)
    summary: Text | None = Field(None, max_length=5000)
    body: Text | None = Field(None, max_length=500_000, description="正文 HTML（保存时清理）")
    validity: ValidityIn | None = Field(None, description="有效性")
    effective_on: Day | None = None
    attribute: AttributeIn | None = Field(None, description="公开属性")
    attribute_reason: Text | None = Field(None, max_length=2000)
    attribute_basis: BasisIn | None = Field(None, description="不公开或删减的法律依据")


class ItemCreateIn(ItemIn):
    organ_id: Id
    column_id: Id  # required on create
    title: Text = Field(max_length=300)
    formed_on: Day = Field(description="形成/变更日期（第二十六条）")


class CommentIn(Schema):
    comment: Text = Field("", max_length=2000)


class PublishIn(CommentIn):
    at: When | None = Field(None, description="定时发布时间；不填则立即发布")


class SaveOut(Schema):
    item: StaffItemOut
    warnings: list[str]
