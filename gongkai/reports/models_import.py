"""Imported published reports: an organ's report history as data (tables + findings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from gongkai.reports.definitions import ReportData


class ReportImport(models.Model):
    """One published report read back with `gongkai.reports.parsing` (upload page, CLI, migration
    of old years). The newest import of an organ's year is that year's history entry; R8 compares
    a report with the previous year's entry."""

    class Format(models.TextChoices):
        F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"
        F2019 = "2019", "2019年试行格式（国办公开办函〔2019〕60号）"
        PRE2019 = "pre2019", "2019年以前的统计表"

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机构", on_delete=models.PROTECT, related_name="report_imports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=8, choices=Format.choices)
    tables = models.JSONField("表格数据", default=dict, blank=True)
    sections = models.JSONField("正文", default=dict, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    source_url = models.URLField("原文地址", max_length=1000, blank=True)
    raw_text = models.TextField("原文", blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入的年度报告"
        verbose_name_plural = "导入的年度报告"
        ordering = ["organ", "-year", "-created_at"]
        indexes = [models.Index(fields=["organ", "year"], name="reports_import_organ_year")]

    def __str__(self) -> str:
        return f"{self.organ}{self.year}年度报告（导入）"

    def report_data(self) -> ReportData:
        """The stored tables as ReportData (JSON floats of 万元 amounts back to Decimal)."""

        def num(value: Any) -> Any:
            return Decimal(str(value)) if isinstance(value, float) else value

        tables = {
            name: {row: {col: num(v) for col, v in cols.items()} for row, cols in table.items()}
            for name, table in (self.tables or {}).items()
        }
        return ReportData(
            format=self.format,  # type: ignore[arg-type]
            year=self.year,
            organ=self.organ.name,
            tables=tables,
            sections=dict(self.sections or {}),
        )
