"""Staff, budget and training figures of an organ's 政府信息公开 work (issue 20 §4).

Every annual report narrative states them (一、总体情况: 工作机构和人员, 经费, 培训), and the
provincial 附表 printed before the 2019 national format carried them as rows (人员和经费情况,
会议和培训情况). One row per organ and year, each figure with the document it was taken from
(编制文件, 预算批复, 培训通知 …). No row means the organ has not reported: never read as 0.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Organ


class Figure(models.TextChoices):
    """The figures, in the order of the 附表 rows; the label is the row's 指标名称."""

    FULLTIME = "fulltime_staff", "政府信息公开工作专职人员数"
    PARTTIME = "parttime_staff", "政府信息公开工作兼职人员数"
    BUDGET = "budget", "政府信息公开工作专项经费"
    MEETINGS = "meetings", "召开政府信息公开工作会议或专题会议数"
    TRAININGS = "trainings", "举办各类培训班数"
    TRAINEES = "trainees", "接受培训人员数"


#: 计量单位 of each figure (the 附表's unit column).
UNITS: dict[str, str] = {
    Figure.FULLTIME: "人",
    Figure.PARTTIME: "人",
    Figure.BUDGET: "万元",
    Figure.MEETINGS: "次",
    Figure.TRAININGS: "次",
    Figure.TRAINEES: "人次",
}

FIGURES: tuple[str, ...] = tuple(f.value for f in Figure)


class WorkforceFigures(models.Model):
    """An organ's figures for one year, each with its source."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="workforce_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    fulltime_staff = models.PositiveIntegerField("专职人员数（人）")
    fulltime_staff_source = models.CharField("专职人员数来源", max_length=200, blank=True)
    parttime_staff = models.PositiveIntegerField("兼职人员数（人）")
    parttime_staff_source = models.CharField("兼职人员数来源", max_length=200, blank=True)
    budget = models.DecimalField("专项经费（万元）", max_digits=12, decimal_places=2)
    budget_source = models.CharField("专项经费来源", max_length=200, blank=True)
    meetings = models.PositiveIntegerField("工作会议或专题会议（次）")
    meetings_source = models.CharField("会议数来源", max_length=200, blank=True)
    trainings = models.PositiveIntegerField("培训班（次）")
    trainings_source = models.CharField("培训班数来源", max_length=200, blank=True)
    trainees = models.PositiveIntegerField("接受培训（人次）")
    trainees_source = models.CharField("培训人次来源", max_length=200, blank=True)
    notes = models.TextField("说明", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人员经费培训情况"
        verbose_name_plural = "人员经费培训情况"
        ordering = ["-year", "organ__tree_key"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="workforce_one_row_a_year"),
            models.CheckConstraint(
                condition=Q(budget__gte=Decimal("0")), name="workforce_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ.name}{self.year}年人员经费培训情况"

    def value(self, key: str) -> int | Decimal:
        result: int | Decimal = getattr(self, key)
        return result

    def source(self, key: str) -> str:
        result: str = getattr(self, f"{key}_source")
        return result


def evidence_path(instance: WorkforceEvidence, filename: str) -> str:
    # Never the uploader's file name on disk: the record and a digest prefix.
    return f"workforce/{instance.figures_id}/{instance.sha256[:16]}"


class WorkforceEvidence(models.Model):
    """An uploaded 佐证材料 (编制文件, 预算批复, 培训通知 …) of an organ's figures."""

    figures = models.ForeignKey(WorkforceFigures, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField("名称", max_length=255)
    file_kind = models.CharField("文件类型", max_length=8, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
