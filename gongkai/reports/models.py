"""Annual reports (Art. 49–50) and quarterly statistics (季报) of an organ or its subtree.

Figures of a draft are computed live (`gongkai.reports.builders`); publication freezes them in
`data`. Writes go through `gongkai.reports.services`; the status has one writer, the table in
`gongkai.reports.transitions`. Imported published reports live in models_import.py (owned by
the import/validation work).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Organ
from gongkai.reports.models_import import ReportImport  # noqa: F401


class Scope(models.TextChoices):
    SELF = "self", "本机关"
    SUBTREE = "subtree", "汇总（含下级机关）"


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "已提交发布（保密审查、签发中）"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveIntegerField("报告年度")
    scope = models.CharField("统计范围", max_length=16, choices=Scope.choices, default=Scope.SELF)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # {cell key: {"value": "12", "source": "市场监管局许可系统导出"}}: figures the platform cannot
    # know (行政许可/处罚/强制 decisions, 收费金额 …), each with where it came from.
    manual_figures = models.JSONField("人工填报数据", default=dict, blank=True)
    sections = models.JSONField("报告正文（六部分）", default=dict, blank=True)
    # [{"key": "R8:table3.carried_over.total:…", "by": "张三", "at": "2026-01-10T09:00:00+08:00"}]
    acknowledged = models.JSONField("已确认的提示", default=list, blank=True)
    data = models.JSONField("提交发布时冻结的报告数据", default=dict, blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name="公开目录中的年报",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    submitted_to_parent = models.BooleanField("已向上级报送统计数据", default=False)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "organ__tree_key", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "scope"], name="unique_annual_report"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        suffix = "（汇总）" if self.scope == Scope.SUBTREE else ""
        return f"{self.organ.name}{self.year}年政府信息公开工作年度报告{suffix}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class QuarterlyStatistics(models.Model):
    """季报: the tables 三 and 四 for one quarter, reported upward to the parent organ."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="quarterly_statistics"
    )
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    scope = models.CharField("统计范围", max_length=16, choices=Scope.choices, default=Scope.SELF)
    data = models.JSONField("统计数据", default=dict)
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "季度统计"
        verbose_name_plural = "季度统计"
        ordering = ["-year", "-quarter", "organ__tree_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "quarter", "scope"], name="unique_quarterly_statistics"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ}{self.year}年第{self.quarter}季度"
