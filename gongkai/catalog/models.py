"""Catalog (公开目录): columns, subject topics, genres, information items and their attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.catalog.rules import is_policy_document
from gongkai.orgs.models import Organ


class Topic(models.Model):
    """主题分类: the two-level gov.cn tree (legal-rules §5.3), editable seed data."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField("名称", max_length=40)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Display convention `一级\\二级` as on gov.cn metadata."""
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


class Genre(models.Model):
    """体裁/文种 (决定、通知、意见、规划 …)."""

    name = models.CharField("名称", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "体裁"
        verbose_name_plural = "体裁"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Column(models.Model):
    """A column (栏目) of one organ's 公开目录, created from the standard template."""

    class Kind(models.TextChoices):
        GENERAL = "general", "一般栏目"
        GUIDE = "guide", "政府信息公开指南"
        RULES = "rules", "政府信息公开制度"
        STATUTORY = "statutory", "法定主动公开内容"
        POLICY = "policy", "政策文件"
        INTERPRETATION = "interpretation", "政策解读"
        ANNUAL_REPORT = "annual_report", "政府信息公开年报"
        KEY_AREA = "key_area", "重点领域"

    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="columns")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField("栏目名称", max_length=60)
    code = models.SlugField("栏目代码", max_length=40)
    kind = models.CharField("栏目类型", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    # Art. 20 item number (1–15) or 21 for Art. 21 topics; the annual report counts by it.
    article = models.CharField("对应条款", max_length=20, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "目录栏目"
        verbose_name_plural = "目录栏目"
        ordering = ["organ", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "code"], name="unique_column_code"),
        ]

    def __str__(self) -> str:
        return f"{self.organ.display_name} / {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("portal:column", args=[self.pk])


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING_REVIEW = "pending_review", "待审核"  # the organ's 审核 step (Organ.review_step)
    SECRECY_REVIEW = "secrecy_review", "待保密审查"
    AWAITING_APPROVAL = "awaiting_approval", "待签发"
    SCHEDULED = "scheduled", "待定时发布"
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已签发（不公开发布）"
    WITHDRAWN = "withdrawn", "已撤回"
    # 恢复发布 of a withdrawn item waits for 签发; the public page still says it was withdrawn.
    RESTORE_REVIEW = "restore_review", "待签发（恢复发布）"
    # A revision's end: its text replaced the published item's (签发), or its drafter gave it up.
    REVISION_APPLIED = "revision_applied", "修订已签发"
    REVISION_ABANDONED = "revision_abandoned", "修订已放弃"


#: The states of a revision that is still being worked on: one per published item at a time.
OPEN_REVISION_STATES = [
    Status.DRAFT,
    Status.PENDING_REVIEW,
    Status.SECRECY_REVIEW,
    Status.AWAITING_APPROVAL,
]

#: States in which an item's public page says it was withdrawn (撤回, and 恢复发布 not yet 签发).
WITHDRAWN_STATES = frozenset({Status.WITHDRAWN, Status.RESTORE_REVIEW})


class Attribute(models.TextChoices):
    """公开属性 decided at the source (legal-rules §5.4)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"
    REDACTED = "redacted", "删减后公开"


class LegalBasis(models.TextChoices):
    """Why an item is not 主动公开: the articles of the 条例 an official may cite."""

    ART14_STATE_SECRET = "art14_secret", "第十四条：依法确定为国家秘密"
    ART14_LAW_FORBIDS = "art14_law", "第十四条：法律、行政法规禁止公开"
    ART14_SECURITY = (
        "art14_security",
        "第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    )
    ART15_THIRD_PARTY = (
        "art15_third_party",
        "第十五条：涉及商业秘密、个人隐私等，公开会损害第三方合法权益",
    )
    ART16_INTERNAL = (
        "art16_internal",
        "第十六条第一款：内部事务信息（人事管理、后勤管理、内部工作流程）",
    )
    ART16_PROCESS = (
        "art16_process",
        "第十六条第二款：过程性信息（讨论记录、过程稿、磋商信函、请示报告）",
    )
    ART16_ENFORCEMENT = "art16_enforcement", "第十六条第二款：行政执法案卷信息"
    ART19_NOT_PROACTIVE = (
        "art19_not_proactive",
        "第十九条至第二十一条：不属于应当主动公开的范围，可依申请公开",
    )
    ART37_SEVERABLE = "art37_severable", "第三十七条：含不应公开内容，作区分处理后公开"


#: Which legal bases fit which attribute (a 依申请公开 item cites Art. 19–21, and so on).
BASES_FOR_ATTRIBUTE: dict[str, set[str]] = {
    Attribute.ON_REQUEST: {LegalBasis.ART19_NOT_PROACTIVE},
    Attribute.WITHHELD: {
        LegalBasis.ART14_STATE_SECRET,
        LegalBasis.ART14_LAW_FORBIDS,
        LegalBasis.ART14_SECURITY,
        LegalBasis.ART15_THIRD_PARTY,
        LegalBasis.ART16_INTERNAL,
        LegalBasis.ART16_PROCESS,
        LegalBasis.ART16_ENFORCEMENT,
    },
    Attribute.REDACTED: {LegalBasis.ART37_SEVERABLE, LegalBasis.ART15_THIRD_PARTY},
}


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class ItemKind(models.TextChoices):
    GENERAL = "general", "一般信息"
    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"


class Item(models.Model):
    """One piece of government information in the catalog.

    `status` is written only by `gongkai.catalog.services.workflow` through the transition table.
    """

    organ = models.ForeignKey(
        Organ, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items"
    )
    column = models.ForeignKey(
        Column, verbose_name="目录栏目", on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField("信息类型", max_length=16, choices=ItemKind.choices, default="general")
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的政策文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    title = models.CharField("标题", max_length=300)
    index_number = models.CharField("索引号", max_length=64, blank=True, db_index=True)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    doc_agency = models.CharField("机关代字", max_length=40, blank=True)
    doc_year = models.PositiveIntegerField("文号年份", null=True, blank=True)
    doc_serial = models.PositiveIntegerField("文号序号", null=True, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField(
        "形成/变更日期", help_text="第二十六条：自此日起20个工作日内公开。"
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    scheduled_for = models.DateTimeField("定时发布时间", null=True, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name="主题分类", null=True, blank=True, on_delete=models.SET_NULL
    )
    genre = models.ForeignKey(
        Genre, verbose_name="体裁", null=True, blank=True, on_delete=models.SET_NULL
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="保存时自动清除脚本等不安全内容。")
    validity = models.CharField(
        "有效性", max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    effective_on = models.DateField("施行日期", null=True, blank=True)
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    validity_note = models.CharField("有效性说明", max_length=200, blank=True)

    attribute = models.CharField(
        "公开属性", max_length=16, choices=Attribute.choices, default=Attribute.PROACTIVE
    )
    attribute_reason = models.TextField("不公开或删减理由", blank=True)
    attribute_basis = models.CharField(
        "法律依据", max_length=32, choices=LegalBasis.choices, blank=True
    )
    review_on = models.DateField("定期评估日期", null=True, blank=True, help_text="第十八条")

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回原因", blank=True)

    # 退回: set by the service in the transaction that returns the draft, cleared when it is
    # submitted again, so "已退回" is a plain filter and the draft page shows the latest comment.
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退回人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_from = models.CharField("退回环节", max_length=20, choices=Status.choices, blank=True)
    returned_comment = models.TextField("退回意见", blank=True)

    # 修订: a revision is an item of its own (same fields, same workflow) linked to the published
    # item it corrects; on its 签发 its text replaces the published item's (see
    # `gongkai.catalog.services.revisions`). On the published item, `revised_at` and
    # `revision_note` are what the public page shows (更新日期, 修订说明).
    revision_of = models.ForeignKey(
        "self",
        verbose_name="修订的信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    revision_note = models.CharField(
        "修订说明",
        max_length=300,
        blank=True,
        help_text="修订稿必填，在公开页面显示，例如：更正第三条中的申领截止日期。",
    )
    revised_at = models.DateTimeField("更新日期", null=True, blank=True)

    # 有效性变更 proposed by 采编, waiting for 签发 (who approves or declines it).
    validity_proposed = models.CharField(
        "拟变更有效性", max_length=16, choices=Validity.choices, blank=True
    )
    validity_proposed_on = models.DateField("拟变更日期", null=True, blank=True)
    validity_proposed_note = models.CharField("拟变更说明", max_length=200, blank=True)
    validity_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提请人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validity_proposed_at = models.DateTimeField("提请时间", null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    # Counts in the annual report's table 二 (`rules.is_policy_document`, 条例第二十条第（一）项):
    # derived from the item's kind and its column, set on every save and by the column receiver,
    # so the report reads a partial index instead of joining every item to its column.
    policy_document = models.BooleanField("计入年报表二", default=False, editable=False)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        constraints = [
            # 索引号 is unique per organ once assigned (legal-rules §5.1); blank until publication.
            models.UniqueConstraint(
                fields=["organ", "index_number"],
                condition=~models.Q(index_number=""),
                name="unique_index_number_per_organ",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="item_status_valid",
            ),
            # One open revision per published item: a second one is refused (the service says
            # so with a link to the open one; this catches two editors opening at once).
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=models.Q(
                    revision_of__isnull=False,
                    status__in=[s.value for s in OPEN_REVISION_STATES],
                ),
                name="one_open_revision_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "organ", "-published_at"], name="item_public_idx"),
            models.Index(fields=["status", "column", "-published_at"], name="item_column_idx"),
            # The latest published items site-wide (home sections, feeds): drafts have no
            # publication date and NULLs come first in a descending scan, so without this
            # partial index that scan walks every draft first (docs/benchmarks.md, at scale).
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status=Status.PUBLISHED),
                name="item_published_recent_idx",
            ),
            # Table 二 of the annual report (`reports.builders.documents_table`): the subtree's
            # policy documents and every field the count reads (the id too: it counts ids), so
            # PostgreSQL answers from the index alone (a province: ~280,000 entries instead of
            # a scan of 5 M items). SQLite has no INCLUDE and gets the partial index on the key
            # columns (models.W040 is silenced in settings for this).
            models.Index(
                fields=["organ", "status", "published_at"],
                include=[
                    "id",
                    "written_on",
                    "validity",
                    "validity_changed_on",
                    "genre",
                    "doc_number",
                ],
                condition=models.Q(policy_document=True),
                name="item_policy_document_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.policy_document = is_policy_document(kind=self.kind, column=self.column)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"kind", "column", "column_id"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "policy_document"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Whether the item has a public page (published, or withdrawn and saying so)."""
        return (
            self.status == Status.PUBLISHED or self.status in WITHDRAWN_STATES
        ) and self.attribute in {Attribute.PROACTIVE, Attribute.REDACTED}

    @property
    def is_withdrawn(self) -> bool:
        """The public page shows the withdrawal notice, not the text (also while 恢复发布 waits)."""
        return self.status in WITHDRAWN_STATES

    @property
    def is_returned(self) -> bool:
        """A draft sent back (退回) and not yet submitted again: shown as 已退回."""
        return self.status == Status.DRAFT and self.returned_at is not None

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    @property
    def status_label(self) -> str:
        """The status as lists show it: a returned draft reads 已退回."""
        return "已退回" if self.is_returned else self.get_status_display()

    @property
    def status_class(self) -> str:
        return "returned" if self.is_returned else self.status


class ItemVersion(models.Model):
    """A text of a published item that a revision replaced (修订前的版本), kept for the back
    office: the public page shows only the current text, its 更新日期 and 修订说明."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")  # 1 = the text first published
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    #: The other fields of that text (names → values as text), and its attachments' names.
    details = models.JSONField("其他字段", default=dict, blank=True)
    attachments = models.JSONField("附件", default=list, blank=True)
    revision_note = models.CharField("修订说明", max_length=300, blank=True)
    public_from = models.DateTimeField("公开起始", null=True, blank=True)
    replaced_at = models.DateTimeField("被替换时间")
    replaced_by = models.ForeignKey(
        Item,
        verbose_name="替换它的修订稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "信息历史版本"
        verbose_name_plural = "信息历史版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_item_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.item.organ_id}/{instance.item_id}/{instance.sha256[:16]}"


class Attachment(models.Model):
    class FileKind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word 文档（DOCX）"
        XLSX = "xlsx", "Excel 表格（XLSX）"
        PNG = "png", "PNG 图片"
        JPEG = "jpeg", "JPEG 图片"
        GIF = "gif", "GIF 图片"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    file_kind = models.CharField("文件类型", max_length=8, choices=FileKind.choices)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField("提取文本", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "png": "image/png",
            "jpeg": "image/jpeg",
            "gif": "image/gif",
        }[self.file_kind]


class ScanFinding(models.Model):
    """A confidentiality-scanner hit the 保密审查 reviewer decides before passing: 确认 (may be
    published) or 须删改 (the drafter must change it; the draft is returned with it listed)."""

    class Kind(models.TextChoices):
        ID_NUMBER = "id_number", "身份证号码"
        # 18 digits shaped like an ID whose check digit is wrong: a mistyped ID or another number.
        ID_SUSPECT = "id_suspect", "疑似身份证号"
        MOBILE = "mobile", "手机号码"
        BANK_CARD = "bank_card", "银行卡号"
        EMAIL = "email", "电子邮箱"
        SECRECY_MARK = "secrecy_mark", "密级或内部标识"

    #: Kinds the reviewer only has to look at twice (shown as 提示, not 重要).
    LOW_SEVERITY = frozenset({Kind.ID_SUSPECT})

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    source = models.CharField("位置", max_length=255, help_text="正文、标题或附件名")
    excerpt = models.CharField("摘录（已遮盖）", max_length=200)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    must_change_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标记须删改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    must_change_at = models.DateTimeField("标记须删改时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "保密扫描发现"
        verbose_name_plural = "保密扫描发现"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.excerpt}"

    @property
    def is_open(self) -> bool:
        """Neither 确认 nor 须删改 yet."""
        return self.acknowledged_at is None and self.must_change_at is None

    @property
    def severity(self) -> str:
        return "提示" if self.kind in self.LOW_SEVERITY else "重要"


class IndexSerial(models.Model):
    """Last 索引号 serial used by an organ in a period; locked row makes serials gap-free."""

    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=6)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organ", "period"], name="unique_index_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}/{self.period}: {self.last_serial}"
