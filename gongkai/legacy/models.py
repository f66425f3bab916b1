"""Legacy import (issue 19 §6): the runs that read an old 政务公开 site and the pages they
imported, with the old address (answered with a redirect) and the original 索引号 kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.catalog.models import Column, Item
from gongkai.orgs.models import Organ


class SourceKind(models.TextChoices):
    HTTP = "http", "在线抓取"
    ARCHIVE = "archive", "保存的网站文件夹"


class Outcome(models.TextChoices):
    PUBLISHED = "published", "已导入并发布"
    WAITING = "waiting", "已导入，待审核或签发"
    DRAFT = "draft", "已导入为草稿，须补录"
    FAILED = "failed", "未能导入"


class LegacyRun(models.Model):
    """One import of one site (or archive folder) into one organ's catalog. A run that did not
    finish (finished_at empty) is continued by the next import of the same source."""

    organ = models.ForeignKey(
        Organ, verbose_name="导入机关", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("来源", max_length=1000)
    source_kind = models.CharField("来源类型", max_length=8, choices=SourceKind.choices)
    column = models.ForeignKey(
        Column,
        verbose_name="指定栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    #: Counts by outcome, and pages seen that were not information pages (lists, indexes).
    counts = models.JSONField("统计", default=dict, blank=True)
    #: What the crawl met that is not one page's problem: redirect loops, calendars skipped,
    #: the page bound reached (Chinese lines, capped).
    notes = models.JSONField("抓取说明", default=list, blank=True)

    class Meta:
        verbose_name = "旧网站导入"
        verbose_name_plural = "旧网站导入"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organ.display_name}：{self.source}"


class LegacyPage(models.Model):
    """One page of an old site: the item made from it, its old address and original 索引号,
    and what could not be mapped. One row per organ and old address (a rerun skips it)."""

    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(LegacyRun, on_delete=models.CASCADE, related_name="pages")
    source_url = models.CharField("原网址", max_length=1000)
    old_host = models.CharField("原主机名", max_length=255, blank=True)
    #: Path and query of the old address, percent-encoded as a request carries it.
    old_path = models.CharField("原路径", max_length=1000, db_index=True)
    original_index_no = models.CharField("原索引号", max_length=100, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    item = models.ForeignKey(
        Item,
        verbose_name="导入的信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    fields = models.JSONField("读取的字段", default=dict, blank=True)
    problems = models.JSONField("未能对应的内容", default=list, blank=True)
    updated_at = models.DateTimeField("处理时间", auto_now=True)

    class Meta:
        verbose_name = "旧网站页面"
        verbose_name_plural = "旧网站页面"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "source_url"], name="unique_legacy_page"),
        ]

    def __str__(self) -> str:
        return self.source_url
