"""重点领域 periodic disclosure (issue 19 §4): what an organ must publish on a schedule.

- `Schedule`: an organ's duty to publish something in one catalog column every month, quarter,
  half year or year (or on an event), with its due rule: N (working) days after the period ends or
  after a trigger date such as 预算批准. Default templates are data (`data/schedules.yaml`).
- `Occurrence`: one period of a schedule once something happened to it (a trigger date entered,
  a reminder sent, the disclosure linked). Periods with nothing recorded are computed, not stored
  (`calendar.py`), so a calendar never writes.
- `Dataset`: structured data uploaded against a declared schema (CSV/XLSX), checked for personal
  data, published as an accessible table with downloads.

Statuses are written only by the machine in `transitions.py` (called by the services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.catalog.models import Column, Item
from gongkai.orgs.models import Organ


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"
    EVENT = "event", "事件触发"


class DueBasis(models.TextChoices):
    PERIOD_END = "period_end", "期末后"
    TRIGGER = "trigger", "触发日期后"


class DayKind(models.TextChoices):
    CALENDAR = "calendar", "日"
    WORKING = "working", "个工作日"


class ColumnType(models.TextChoices):
    TEXT = "text", "文本"
    INTEGER = "integer", "整数"
    DECIMAL = "decimal", "小数"
    DATE = "date", "日期"


class OccurrenceState(models.TextChoices):
    """A period's state, computed (never stored) from its due date and its fulfilment."""

    PENDING = "pending", "待发布"
    ON_TIME = "on_time", "已按时发布"
    OVERDUE = "overdue", "逾期未发布"
    LATE = "late", "逾期发布"


class Schedule(models.Model):
    """An organ's periodic disclosure duty in one column of its 公开目录."""

    organ = models.ForeignKey(
        Organ, verbose_name="公开机关", on_delete=models.CASCADE, related_name="periodic_schedules"
    )
    column = models.ForeignKey(
        Column, verbose_name="公开栏目", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("公开事项", max_length=120)
    template_code = models.SlugField("模板代码", max_length=40, blank=True)
    frequency = models.CharField("公开频次", max_length=16, choices=Frequency.choices)
    due_basis = models.CharField(
        "期限起算", max_length=16, choices=DueBasis.choices, default=DueBasis.PERIOD_END
    )
    due_days = models.PositiveSmallIntegerField("期限天数")
    day_kind = models.CharField(
        "天数计算", max_length=16, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    trigger_label = models.CharField(
        "触发事项", max_length=40, blank=True, help_text="如“预算批准”“决算批准”。"
    )
    basis = models.CharField("依据", max_length=200, blank=True)
    #: [{"name": "…", "type": "text|integer|decimal|date", "masked": bool}] — the declared schema
    #: a dataset of this schedule is checked against (empty: the data is not structured).
    schema = models.JSONField("数据结构", default=list, blank=True)
    remind_days = models.PositiveSmallIntegerField("提前提醒工作日数", default=3)
    starts_on = models.DateField("起始日期", help_text="第一个公开周期所在日期。")
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "定期公开事项"
        verbose_name_plural = "定期公开事项"
        ordering = ["organ__tree_key", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "title"], name="periodic_schedule_title_once")
        ]

    def __str__(self) -> str:
        return f"{self.organ.display_name}·{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("office_periodic:schedule", args=[self.pk])

    @property
    def rule_text(self) -> str:
        """The due rule in words: “每月，期末后15日内”."""
        start = (
            f"{self.trigger_label or '触发'}后" if self.due_basis == DueBasis.TRIGGER else "期末后"
        )
        unit = "个工作日" if self.day_kind == DayKind.WORKING else "日"
        return f"{self.get_frequency_display()}，{start}{self.due_days}{unit}内"


class Occurrence(models.Model):
    """One period of a schedule with something recorded about it."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="occurrences")
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    label = models.CharField("周期", max_length=40)
    trigger_on = models.DateField("触发日期", null=True, blank=True)
    due_on = models.DateField("应公开日期", null=True, blank=True)
    item = models.ForeignKey(
        Item,
        verbose_name="已公开信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fulfilled_on = models.DateField("公开日期", null=True, blank=True)
    reminded_on = models.DateField("到期提醒日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "定期公开周期"
        verbose_name_plural = "定期公开周期"
        ordering = ["schedule", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start"], name="periodic_occurrence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule.title}（{self.label}）"


class DatasetStatus(models.TextChoices):
    DRAFT = "draft", "待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Dataset(models.Model):
    """A table of structured data, checked against its declared schema when uploaded."""

    organ = models.ForeignKey(
        Organ, verbose_name="公开机关", on_delete=models.PROTECT, related_name="periodic_datasets"
    )
    schedule = models.ForeignKey(
        Schedule,
        verbose_name="定期公开事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name="公开周期",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    title = models.CharField("数据标题", max_length=150)
    summary = models.CharField("数据说明", max_length=300, blank=True)
    schema = models.JSONField("数据结构", default=list)
    #: Cells as text, one list per row, in the schema's column order (checked and normalised).
    rows = models.JSONField("数据", default=list)
    row_count = models.PositiveIntegerField("行数", default=0)
    source_name = models.CharField("上传文件名", max_length=255)
    source_kind = models.CharField("文件类型", max_length=8)
    source_sha256 = models.CharField("文件 SHA-256", max_length=64)
    status = models.CharField(
        "状态", max_length=16, choices=DatasetStatus.choices, default=DatasetStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公开数据"
        verbose_name_plural = "公开数据"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("periodic:dataset", args=[self.pk])

    @property
    def column_names(self) -> list[str]:
        return [str(c.get("name", "")) for c in self.schema]
