"""政府公报 (issue 19 §2): an organ's gazette, published as numbered issues.

- `Section`: the 栏目 a 公报 is arranged in (市政府文件, 部门文件, 规章, 人事任免 …): data an
  operator edits in the admin (seeded by the migration), not constants in code;
- `GazetteIssue`: one issue (year, 第N期 within the year, optional 总第N期, date), with the PDF
  generated from its contents (`pdf.py`) and the original uploaded when there is one; its
  status (草稿 → 已出版 → 已撤回) is written only by `transitions.ISSUE_MACHINE`;
- `GazetteEntry`: a line of the issue's 目录: a published catalog item in a section, in order.
  The item links back to the issue that carried it (the 标准文本 statement on its page).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ


class Section(models.Model):
    """A 栏目 of the 公报's 目录, in the order the 目录 lists them."""

    name = models.CharField("栏目名称", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("排列顺序", default=100)
    active = models.BooleanField(
        "启用", default=True, help_text="停用的栏目不再可选，已编入的条目不受影响。"
    )

    class Meta:
        verbose_name = "公报栏目"
        verbose_name_plural = "公报栏目"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "编辑中"
    PUBLISHED = "published", "已出版"
    WITHDRAWN = "withdrawn", "已撤回"


def pdf_path(instance: GazetteIssue, filename: str) -> str:
    # Never a name from outside on disk: the organ, the year and the number.
    return f"gazette/{instance.organ_id}/{instance.year}/{instance.number:03d}.pdf"


def original_path(instance: GazetteIssue, filename: str) -> str:
    return f"gazette/{instance.organ_id}/{instance.year}/{instance.number:03d}-original.pdf"


class GazetteIssue(models.Model):
    """One issue of an organ's 公报: 《…公报》2026年第3期（总第N期）."""

    organ = models.ForeignKey(
        Organ, verbose_name="出版机关", on_delete=models.PROTECT, related_name="gazette_issues"
    )
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号", help_text="当年第几期。")
    total_number = models.PositiveIntegerField(
        "总期号", null=True, blank=True, help_text="总第几期，可不填。"
    )
    issued_on = models.DateField("出版日期")
    status = models.CharField(
        "状态", max_length=16, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    #: The PDF laid out from the issue's contents (`pdf.py`); emptied when the contents change.
    pdf = models.FileField("公报 PDF", upload_to=pdf_path, max_length=255, blank=True)
    pdf_pages = models.PositiveSmallIntegerField("PDF 页数", null=True, blank=True)
    pdf_generated_at = models.DateTimeField("PDF 生成时间", null=True, blank=True)
    #: The printed issue as uploaded (扫描件 or the printer's PDF), when there is one.
    original = models.FileField("原版 PDF", upload_to=original_path, max_length=255, blank=True)
    original_name = models.CharField("原版文件名", max_length=255, blank=True)
    original_size = models.PositiveBigIntegerField("原版大小（字节）", null=True, blank=True)
    original_sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField("出版发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府公报"
        verbose_name_plural = "政府公报"
        ordering = ["organ__tree_key", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "number"], name="gazette_number_once_a_year"
            ),
            models.UniqueConstraint(
                fields=["organ", "total_number"],
                condition=models.Q(total_number__isnull=False),
                name="gazette_total_number_once",
            ),
        ]

    def __str__(self) -> str:
        return f"《{self.gazette_name}》{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("gazette:issue", args=[self.pk])

    def get_office_url(self) -> str:
        return reverse("office_gazette:issue", args=[self.pk])

    @property
    def gazette_name(self) -> str:
        """The gazette's name: 《岚山市人民政府公报》 for the 岚山市人民政府."""
        return f"{self.organ.name}公报"

    @property
    def label(self) -> str:
        """2026年第3期（总第45期）."""
        total = f"（总第{self.total_number}期）" if self.total_number else ""
        return f"{self.year}年第{self.number}期{total}"


class GazetteEntry(models.Model):
    """One line of an issue's 目录: a published catalog item in a section."""

    issue = models.ForeignKey(GazetteIssue, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(
        Section, verbose_name="栏目", on_delete=models.PROTECT, related_name="entries"
    )
    item = models.ForeignKey(
        Item, verbose_name="公开目录信息", on_delete=models.PROTECT, related_name="gazette_entries"
    )
    position = models.PositiveIntegerField("排列序号", default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公报目录条目"
        verbose_name_plural = "公报目录条目"
        ordering = ["issue", "section__order", "section_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "item"], name="gazette_item_once_an_issue")
        ]

    def __str__(self) -> str:
        return f"{self.section.name}：{self.item.title}"

    @property
    def anchor(self) -> str:
        """The id of the entry on the issue page and in the PDF (目录导航)."""
        return f"entry-{self.pk}"
