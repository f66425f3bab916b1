"""考核 scorecards (issue 20 §3): a 公开办's assessment scheme for a year as data (indicators,
their points and scoring rules), the results per assessed organ × indicator computed from the
platform's own records (`figures.py`) or entered by hand with evidence, and the adjustments made
to them, each with its recorded reason.

A scheme is versioned: once its results are published it is frozen; changing it makes a new
version (`parent`), and the published results keep pointing at the version they were computed
under. `Scheme.status` is written only by `transitions.SCHEME_MACHINE.fire`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Organ


class Status(models.TextChoices):
    DRAFT = "draft", "编制中"
    REVIEW = "review", "待审定"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本取代"


#: States in which a scheme and its results may still be edited and computed.
EDITABLE = [Status.DRAFT]


class Scheme(models.Model):
    """The assessment of `year` held by the 公开办 of `organ`, over `organs` (its departments
    and counties), version `version` (a published version is never edited again)."""

    organ = models.ForeignKey(
        Organ, verbose_name="考核机关", on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    year = models.PositiveSmallIntegerField("考核年度", db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    title = models.CharField("标题", max_length=200)
    organs = models.ManyToManyField(Organ, verbose_name="考核对象", related_name="+")
    #: Values the scheme's rules read (e.g. interpretation_days: 政策解读 within N working days).
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    #: The day the figures were computed as of (the records counted are those known that day).
    as_of = models.DateField("数据截至", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "organ__tree_key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "version"], name="assessment_one_version"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="assessment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class Kind(models.TextChoices):
    AUTO = "auto", "平台自动计算"
    MANUAL = "manual", "人工填报"


class Rule(models.TextChoices):
    """The small, safe set of scoring rules (`scoring.py`): no code is ever evaluated."""

    RATIO = "ratio", "比例×分值"
    LINEAR = "linear", "区间线性计分"
    DEDUCT = "deduct", "每项扣分"
    VETO = "veto", "单项否决"
    AT_LEAST = "at_least", "达标得满分"


class Indicator(models.Model):
    """One line of the scorecard. An automatic indicator scores `formula` (a figure key such
    as `applications.on_time_rate`, or arithmetic/min/max over several) by `rule` with
    `params`; a manual one is scored by a person, with evidence."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("编号", max_length=16)
    category = models.CharField("类别", max_length=60, blank=True)
    name = models.CharField("指标", max_length=200)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    kind = models.CharField("计分方式", max_length=8, choices=Kind.choices, default=Kind.AUTO)
    formula = models.CharField("数据项或公式", max_length=300, blank=True)
    rule = models.CharField("计分规则", max_length=16, choices=Rule.choices, blank=True)
    params = models.JSONField("规则参数", default=dict, blank=True)
    description = models.TextField("评分标准", blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Result(models.Model):
    """The score of one organ on one indicator. `value` is None when a figure behind it is
    missing (shown as 缺数据, its score as 待补: never 0). `records` lists the records the
    figure was computed from, frozen with the result (click-through)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    organ = models.ForeignKey(
        Organ, verbose_name="考核对象", on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField("数值", max_digits=14, decimal_places=4, null=True, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.TextField("计算说明", blank=True)
    records = models.JSONField("依据记录", default=list, blank=True)
    evidence = models.TextField("佐证说明", blank=True)
    evidence_link = models.CharField("佐证链接", max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["organ__tree_key", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "organ"], name="assessment_one_result")
        ]

    def __str__(self) -> str:
        return f"{self.organ_id} {self.indicator_id}"

    @property
    def missing(self) -> bool:
        return self.score is None


class Adjustment(models.Model):
    """加减分 on a result, never without its reason (recorded with who and when)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="adjustments")
    delta = models.DecimalField("调整分值", max_digits=6, decimal_places=2)
    reason = models.TextField("调整理由")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分值调整"
        verbose_name_plural = "分值调整"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delta} {self.reason[:20]}"
