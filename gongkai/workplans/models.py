"""政务公开工作要点 and 责任分解: a 公开办's plan for a year (its own, or the level above's,
imported and confirmed), its points (一、/（一）/一是 …) with the lead organs named after each, the
tasks each point is broken into (lead organ, co-organs, deadline, expected outputs, the indicator
that proves it), cascading down the organ tree, and the progress each organ reports with its
evidence.

`Task.status` is written only by `transitions.TASK_MACHINE.fire` (called by the services).
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
