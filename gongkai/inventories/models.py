"""清单 (issue 19 §3): each organ's 权责清单, 公共服务事项清单 and 政务公开负面清单 as versioned
lists, and its 办事指南.

- An `Inventory` is one organ's list of one kind; its content lives in `InventoryVersion`s
  numbered 1, 2, 3…: a draft is edited, then published (with a change log from version 2 on),
  and the version it replaces becomes 历史版本. A published version is never edited in place:
  staff copy it into a new draft (`services/versions.py`).
- An `Entry` belongs to one version; its `key` stays the same when a draft is copied from an
  earlier version, so the change list between versions (added / removed / changed) is computed
  by key (`diff.py`).
- A `ServiceGuide` (办事指南) carries the eight elements the website inspection requires
  (`GUIDE_ELEMENTS`); each change after the first is a `GuideRevision` with its note.
- A `NegativeReview` records one 复核 of a 负面清单 entry (by key, so it survives new versions).

Statuses are written only by the machine in `transitions.py` (called by the services).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Organ


class Kind(models.TextChoices):
    POWERS = "powers", "权责清单"
    SERVICES = "services", "公共服务事项清单"
    NEGATIVE = "negative", "政务公开负面清单"


#: URL slugs of the kinds (portal and office paths).
KIND_SLUGS = {Kind.POWERS: "powers", Kind.SERVICES: "services", Kind.NEGATIVE: "negative"}


class Inventory(models.Model):
    """One organ's list of one kind; its content is in its versions."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="inventories"
    )
    kind = models.CharField("清单类型", max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "清单"
        verbose_name_plural = "清单"
        ordering = ["organ__tree_key", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "kind"], name="inventories_one_list_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.organ.display_name}{self.get_kind_display()}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "现行版本"
    SUPERSEDED = "superseded", "历史版本"


class InventoryVersion(models.Model):
    """Version `number` of a list: a draft, the current published version, or a past one."""

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name="复制自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    change_log = models.TextField("修订说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    superseded_at = models.DateTimeField("被替代时间", null=True, blank=True)

    class Meta:
        verbose_name = "清单版本"
        verbose_name_plural = "清单版本"
        ordering = ["inventory", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inventory", "number"], name="inventories_version_number_once"
            ),
            # One draft and one current version at a time (two staff copying at once: one wins).
            models.UniqueConstraint(
                fields=["inventory"],
                condition=Q(status="draft"),
                name="inventories_one_draft",
            ),
            models.UniqueConstraint(
                fields=["inventory"],
                condition=Q(status="published"),
                name="inventories_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inventory} 第{self.number}版"


def new_key() -> str:
    return uuid.uuid4().hex


class Entry(models.Model):
    """One entry of a version. Which fields a kind uses: `KIND_FIELDS`."""

    version = models.ForeignKey(InventoryVersion, on_delete=models.CASCADE, related_name="entries")
    #: The same across versions (kept when a draft is copied): what the change list compares.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    position = models.PositiveIntegerField("序号", default=0)
    name = models.CharField("事项名称", max_length=200)
    #: 权责清单: one of `data/power_types.txt`.
    power_type = models.CharField("事项类型", max_length=20, blank=True)
    #: 实施依据 (权责) / 办理依据 (公共服务) / 依据条款 (负面清单): required for every kind.
    basis = models.TextField("依据")
    duties = models.TextField("责任事项", blank=True)
    accountability = models.TextField("追责情形", blank=True)
    audience = models.CharField("服务对象", max_length=200, blank=True)
    guide = models.ForeignKey(
        "ServiceGuide",
        verbose_name="办事指南",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("不予公开理由", blank=True)
    review_months = models.PositiveSmallIntegerField("复核周期（月）", null=True, blank=True)
    next_review_on = models.DateField("下次复核日期", null=True, blank=True)

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "清单事项"
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="inventories_key_once")
        ]

    def __str__(self) -> str:
        return self.name


#: The fields an entry of each kind carries (besides `name`), in the order pages show them;
#: the change list compares these.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.POWERS: ("power_type", "basis", "duties", "accountability"),
    Kind.SERVICES: ("audience", "basis", "guide"),
    Kind.NEGATIVE: ("reason", "basis", "review_months", "next_review_on"),
}

#: How `basis` is called in each kind.
BASIS_LABEL = {Kind.POWERS: "实施依据", Kind.SERVICES: "办理依据", Kind.NEGATIVE: "依据条款"}
NAME_LABEL = {Kind.POWERS: "事项名称", Kind.SERVICES: "服务事项名称", Kind.NEGATIVE: "不予公开事项"}


def field_label(kind: str, name: str) -> str:
    if name == "basis":
        return BASIS_LABEL[Kind(kind)]
    if name == "name":
        return NAME_LABEL[Kind(kind)]
    return str(getattr(Entry._meta.get_field(name), "verbose_name", name))


# ---- 办事指南 ------------------------------------------------------------------------------------

#: The elements of a 办事指南 the website inspection checks (`rules.guide_missing_elements`).
GUIDE_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("basis", "设定依据"),
    ("conditions", "办理条件"),
    ("materials", "申请材料"),
    ("process", "办理流程"),
    ("time_limit", "办理时限"),
    ("fees", "收费标准"),
    ("location", "办理地点"),
    ("phone", "咨询电话"),
)


class ServiceGuide(models.Model):
    """An organ's 办事指南 for one service. Empty elements are allowed to be saved (a guide is
    written over time) but flagged 服务不实用 wherever guides are listed."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.PROTECT, related_name="service_guides"
    )
    title = models.CharField("事项名称", max_length=200)
    basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("办理条件", blank=True)
    materials = models.TextField("申请材料", blank=True)
    process = models.TextField("办理流程", blank=True)
    time_limit = models.CharField("办理时限", max_length=200, blank=True)
    fees = models.CharField("收费标准", max_length=200, blank=True)
    location = models.CharField("办理地点", max_length=300, blank=True)
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    online_url = models.URLField("网上办理地址", blank=True)
    revision = models.PositiveIntegerField("修订次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"
        ordering = ["organ__tree_key", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def elements(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name, _label in GUIDE_ELEMENTS}


class GuideRevision(models.Model):
    """One change of a guide after its first save: what it read before, and why it changed."""

    guide = models.ForeignKey(ServiceGuide, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("修订序号")
    note = models.TextField("修订说明")
    #: The guide's fields before the change ({field: text}).
    before = models.JSONField("修订前内容", default=dict)
    changed = models.JSONField("修订的要素", default=list)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revised_at = models.DateTimeField("修订时间", auto_now_add=True)

    class Meta:
        verbose_name = "办事指南修订"
        verbose_name_plural = "办事指南修订"
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="inventories_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.guide} 第{self.number}次修订"


# ---- 负面清单复核 --------------------------------------------------------------------------------


class ReviewConclusion(models.TextChoices):
    KEEP = "keep", "继续不予公开"
    REVISE = "revise", "调整理由或依据（修订清单）"
    DISCLOSE = "disclose", "转为公开（修订清单）"


class NegativeReview(models.Model):
    """One 复核 of a 负面清单 entry (its `key`): the conclusion and the next review date."""

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="reviews")
    entry_key = models.CharField(max_length=32, db_index=True)
    entry_name = models.CharField("不予公开事项", max_length=200)
    reviewed_on = models.DateField("复核日期")
    conclusion = models.CharField("复核结论", max_length=16, choices=ReviewConclusion.choices)
    note = models.TextField("复核意见")
    next_review_on = models.DateField("下次复核日期")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "负面清单复核"
        verbose_name_plural = "负面清单复核"
        ordering = ["inventory", "-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry_name} {self.reviewed_on:%Y-%m-%d}"
