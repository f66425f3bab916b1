"""Rows of the search dictionary that 公开办 staff edit in 配置管理 (no reindex needed)."""

from __future__ import annotations

from django.db import models


class Synonym(models.Model):
    """One group of synonyms, as a line of `data/synonyms.txt` (read at every search)."""

    words = models.CharField(
        "同义词",
        max_length=300,
        help_text="互为同义词的各词，用空格或顿号分隔，例如：低保 最低生活保障。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["words"]

    def __str__(self) -> str:
        return self.words
