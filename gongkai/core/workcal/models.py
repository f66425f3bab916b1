"""Working-day calendar data: one row per year's State Council notice, its days, and the versions.

Written only through `gongkai.core.workcal.services` (and the admin, which calls the same
services), so that every change creates a `CalendarVersion` and deadline results can name the
version they used.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class CalendarYear(models.Model):
    """The holiday arrangement of one year, with the notice it comes from."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "已发布通知"
        PROVISIONAL = "provisional", "暂定"

    class Origin(models.TextChoices):
        SEED = "seed", "chinese-calendar 种子数据"
        IMPORT = "import", "文件导入"
        ADMIN = "admin", "后台编辑"

    year = models.PositiveSmallIntegerField(
        "年份", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2099)]
    )
    status = models.CharField("状态", max_length=16, choices=Status, default=Status.PUBLISHED)
    notice_title = models.CharField("通知标题", max_length=200, blank=True)
    notice_number = models.CharField("通知文号", max_length=100, blank=True)
    notice_url = models.URLField("通知网址", max_length=500, blank=True)
    loaded_at = models.DateTimeField("导入时间", default=timezone.now)
    origin = models.CharField("来源", max_length=16, choices=Origin, default=Origin.ADMIN)
    note = models.TextField(
        "备注", blank=True, help_text="如年中调整（2019年劳动节、2020年春节延长）"
    )

    class Meta:
        app_label = "core"
        verbose_name = "节假日安排（年度）"
        verbose_name_plural = "工作日历：节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"


class CalendarDay(models.Model):
    """A day the notice makes a day off (放假) or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=16, choices=Kind)
    name = models.CharField("节日", max_length=50, blank=True)

    class Meta:
        app_label = "core"
        verbose_name = "放假或调休日"
        verbose_name_plural = "放假或调休日"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_year", "date"], name="workcal_day_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        from gongkai.core.workcal.fileformat import day_problem

        try:
            parent = (
                self.calendar_year
            )  # in the admin inline: the (maybe unsaved) year being edited
        except CalendarYear.DoesNotExist:
            return
        if self.date is None or parent.year is None:
            return
        problem = day_problem(parent.year, self.date, self.kind)
        if problem:
            raise ValidationError({"date": problem})


class CalendarVersion(models.Model):
    """One state of the whole calendar. Numbers only grow; `data` is the hashed snapshot."""

    number = models.PositiveIntegerField("版本号", unique=True)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64)
    data = models.JSONField("日历内容")
    reason = models.CharField("变更原因", max_length=200, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        app_label = "core"
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历：版本"
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A version is a fact a deadline may cite: never rewritten.
        if self.pk is not None:
            raise ValidationError("工作日历版本不可修改")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        from gongkai.core.workcal.content import version_label

        return version_label(self.number, self.content_hash)
