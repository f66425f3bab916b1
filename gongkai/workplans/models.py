"""政务公开工作要点 and 责任分解: a 公开办's plan for a year (its own, or the level above's,
imported and confirmed), its points (一、/（一）/一是 …) with the lead organs named after each, the
tasks each point is broken into (lead organ, co-organs, deadline, expected outputs, the indicator
that proves it), cascading down the organ tree, and the progress each organ reports with its
evidence.

The 督查 (issue 20 §2): inspection rounds of a 公开办 over the organs below it, their checklist
(from the year's tasks and `data/inspection_checklist.yaml`), a result per organ and line, and
the findings with their 整改期限, 整改 report and verification.

`Task.status`, `InspectionRound.status` and `Finding.status` are written only by their machines
in `transitions.py` (called by the services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ


class PlanSource(models.TextChoices):
    OWN = "own", "本级工作要点"
    ABOVE = "above", "上级工作要点"


class Plan(models.Model):
    """The 工作要点 of a year, held by the 公开办 of `organ` (who breaks it into tasks)."""

    organ = models.ForeignKey(
        Organ, verbose_name="制定机关", on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("标题", max_length=200)
    source = models.CharField("来源", max_length=8, choices=PlanSource.choices, default="own")
    doc_number = models.CharField("文号", max_length=80, blank=True)
    preamble = models.TextField("导语", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        ordering = ["-year", "organ__tree_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "title"], name="workplans_one_plan_per_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Point(models.Model):
    """One heading of the plan (一、… / （一）… / 一是…) with its text and the organs named in
    the parentheses after it (`lead_text` as written, `lead_organs` as confirmed)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="points")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.CharField("序号", max_length=16)
    level = models.PositiveSmallIntegerField("层级", default=1)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("内容", blank=True)
    lead_text = models.CharField("责任单位（原文）", max_length=500, blank=True)
    lead_organs = models.ManyToManyField(
        Organ, verbose_name="牵头（负责）单位", blank=True, related_name="+"
    )
    co_organs = models.ManyToManyField(
        Organ, verbose_name="配合（参照落实）单位", blank=True, related_name="+"
    )
    unmatched = models.JSONField("未对应机构的责任单位", default=list, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "工作要点条目"
        verbose_name_plural = "工作要点条目"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


class Status(models.TextChoices):
    ASSIGNED = "assigned", "办理中"
    REPORTED = "reported", "待验收"
    RETURNED = "returned", "已退回"
    DONE = "done", "已完成"


#: Tasks still to be done (their deadline counts for 超期).
OPEN = [Status.ASSIGNED, Status.REPORTED, Status.RETURNED]


class Task(models.Model):
    """One task of a point: assigned by the 公开办 of `assigned_by` to `organ` (牵头), with
    `co_organs` (配合). A task may be broken down by its organ into sub-tasks (`parent`) for the
    organs of its own subtree."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    point = models.ForeignKey(Point, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    assigned_by = models.ForeignKey(
        Organ, verbose_name="分派机关", on_delete=models.PROTECT, related_name="+"
    )
    organ = models.ForeignKey(
        Organ, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="work_tasks"
    )
    co_organs = models.ManyToManyField(
        Organ, verbose_name="配合单位", blank=True, related_name="co_work_tasks"
    )
    title = models.CharField("任务", max_length=300)
    description = models.TextField("工作内容", blank=True)
    deadline = models.DateField("完成时限", db_index=True)
    outputs = models.TextField("预期成果", blank=True)
    indicator = models.CharField("佐证指标", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.ASSIGNED, db_index=True
    )
    reported_on = models.DateField("报送日期", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    return_comment = models.CharField("退回意见", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["point__order", "organ__tree_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="workplans_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["organ", "status"], name="workplans_organ_status")]

    def __str__(self) -> str:
        return self.title


class Progress(models.Model):
    """One report of the lead organ on its task (text and evidence), and the 公开办's decision."""

    class Decision(models.TextChoices):
        PENDING = "", "待验收"
        ACCEPTED = "accepted", "通过验收"
        RETURNED = "returned", "退回"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField("进展情况")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_on = models.DateField("报送日期")
    decision = models.CharField(
        "验收结论", max_length=16, choices=Decision.choices, blank=True, default=""
    )
    decision_comment = models.CharField("验收意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField("验收日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Never the uploader's file name on disk: the task and a digest prefix.
    return f"workplans/{instance.progress.task_id}/{instance.sha256[:16]}"


class Evidence(models.Model):
    """佐证材料 of a report: a published catalog item of this platform, or an uploaded file."""

    class Kind(models.TextChoices):
        ITEM = "item", "已发布信息"
        FILE = "file", "上传文件"

    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    item = models.ForeignKey(
        Item, verbose_name="信息", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=evidence_path, max_length=255, blank=True)
    name = models.CharField("名称", max_length=300)
    file_kind = models.CharField("文件类型", max_length=8, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="item", item__isnull=False) | Q(kind="file", item__isnull=True)),
                name="workplans_evidence_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SelfCheck(models.Model):
    """自查报告 of an organ on its tasks of a plan: drafted from the tasks' progress and
    figures (`selfcheck.py`), edited by the organ, exported as a 公文 DOCX."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_checks")
    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "自查报告"
        verbose_name_plural = "自查报告"
        constraints = [
            models.UniqueConstraint(fields=["plan", "organ"], name="workplans_one_selfcheck")
        ]

    def __str__(self) -> str:
        return self.title


# ---- 督查: inspection rounds, their checklist, results and findings ---------------------------


class RoundStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    IN_PROGRESS = "in_progress", "督查中"
    CONCLUDED = "concluded", "已结束"


class InspectionRound(models.Model):
    """A 督查 round organised by the 公开办 of `organ` over organs of its subtree.

    `status` is written only by `transitions.ROUND_MACHINE.fire`."""

    organ = models.ForeignKey(
        Organ, verbose_name="组织机关", on_delete=models.PROTECT, related_name="inspection_rounds"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("名称", max_length=200)
    scope = models.TextField("督查范围和内容", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    status = models.CharField(
        "状态",
        max_length=16,
        choices=RoundStatus.choices,
        default=RoundStatus.PLANNED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-year", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RoundStatus]),
                name="workplans_round_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workplans_round_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class RoundOrgan(models.Model):
    """An organ inspected in a round (below the organiser in the tree: `rules.inspected_organ`)."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="organs")
    organ = models.ForeignKey(
        Organ, verbose_name="被督查机关", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "被督查机关"
        verbose_name_plural = "被督查机关"
        ordering = ["organ__tree_key"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organ"], name="workplans_round_organ_once")
        ]

    def __str__(self) -> str:
        return str(self.organ_id)


class LineSource(models.TextChoices):
    TASK = "task", "工作要点任务"
    TEMPLATE = "template", "督查要点模板"
    CUSTOM = "custom", "自定义"


class ChecklistLine(models.Model):
    """One line of a round's checklist: a point of the year's 工作要点 whose tasks the inspected
    organs lead (`point`), a line of `data/inspection_checklist.yaml` (`code`), or typed in."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField("来源", max_length=8, choices=LineSource.choices)
    code = models.CharField("模板编号", max_length=40, blank=True)
    point = models.ForeignKey(
        Point, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField("督查内容", max_length=300)
    basis = models.CharField("依据", max_length=300, blank=True)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "督查要点"
        verbose_name_plural = "督查要点"
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Verdict(models.TextChoices):
    CONFORM = "conform", "符合"
    MOSTLY = "mostly", "基本符合"
    FAIL = "fail", "不符合"
    NA = "na", "不适用"


class Result(models.Model):
    """The inspectors' finding for one organ on one line of the checklist."""

    line = models.ForeignKey(ChecklistLine, on_delete=models.CASCADE, related_name="results")
    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField("结论", max_length=8, choices=Verdict.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    evidence_link = models.CharField("佐证链接", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "督查结果"
        verbose_name_plural = "督查结果"
        constraints = [
            models.UniqueConstraint(fields=["line", "organ"], name="workplans_one_result"),
            models.CheckConstraint(
                condition=Q(verdict__in=[v.value for v in Verdict]),
                name="workplans_result_verdict_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.organ_id} {self.verdict}"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    SUBMITTED = "submitted", "待核验"
    VERIFIED = "verified", "已整改"
    RETURNED = "returned", "已退回"


#: Findings the organ still has to act on (their 整改期限 counts for 超期).
FINDING_OPEN = [FindingStatus.OPEN, FindingStatus.RECTIFYING, FindingStatus.RETURNED]


class Finding(models.Model):
    """A problem the round found in an organ, what it must put right and by when (整改期限), the
    organ's 整改 report with evidence, and the organiser's verification.

    `status` is written only by `transitions.FINDING_MACHINE.fire`."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="findings")
    organ = models.ForeignKey(
        Organ, verbose_name="被督查机关", on_delete=models.PROTECT, related_name="+"
    )
    line = models.ForeignKey(
        ChecklistLine,
        verbose_name="督查要点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    problem = models.TextField("发现的问题")
    requirement = models.TextField("整改要求")
    deadline = models.DateField("整改期限", db_index=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=FindingStatus.choices,
        default=FindingStatus.OPEN,
        db_index=True,
    )
    rectification = models.TextField("整改情况", blank=True)
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    verified_on = models.DateField("核验日期", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.CharField("核验意见", max_length=500, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "督查发现问题"
        verbose_name_plural = "督查发现问题"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in FindingStatus]),
                name="workplans_finding_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["organ", "status"], name="workplans_finding_organ")]

    def __str__(self) -> str:
        return self.problem[:40]


def finding_evidence_path(instance: FindingEvidence, filename: str) -> str:
    return f"workplans/findings/{instance.finding_id}/{instance.sha256[:16]}"


class FindingEvidence(models.Model):
    """整改佐证: a published item of this platform, or an uploaded file."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("类型", max_length=8, choices=Evidence.Kind.choices)
    item = models.ForeignKey(
        Item, verbose_name="信息", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=finding_evidence_path, max_length=255, blank=True)
    name = models.CharField("名称", max_length=300)
    file_kind = models.CharField("文件类型", max_length=8, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="item", item__isnull=False) | Q(kind="file", item__isnull=True)),
                name="workplans_finding_evidence_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name
