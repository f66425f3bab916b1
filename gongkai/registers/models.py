"""Registers of content with rules of their own (issue 19):

- 行政规范性文件 (国办发〔2018〕37号 统一登记、统一编号、统一印发): each issuing organ's number
  series, a register entry per document linked to its catalog item, the 合法性审核 / 集体审议 /
  备案 records, the validity period and its lapse, and the 清理 campaigns;
- 双随机一公开: inspection-subject and inspector pools per organ and verifiable random draws.

Statuses are written only by the machines in `transitions.py` (called by the services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ

# ---- 行政规范性文件 ---------------------------------------------------------------------------


class NumberSeries(models.Model):
    """An issuing organ's number series (统一编号): its 代字 and the number's format."""

    organ = models.OneToOneField(
        Organ, verbose_name="制发机关", on_delete=models.CASCADE, related_name="norm_series"
    )
    agency = models.CharField("规范性文件代字", max_length=20, help_text="如“岚政规”。")
    template = models.CharField(
        "编号格式",
        max_length=60,
        blank=True,
        help_text="令牌 {agency} {year} {serial}；留空使用默认格式 {agency}〔{year}〕{serial}号。",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "规范性文件编号序列"
        verbose_name_plural = "规范性文件编号序列"

    def __str__(self) -> str:
        return f"{self.organ.display_name}：{self.agency}"


class NumberSerial(models.Model):
    """The last serial of a series in a year (`core/serials.py`: locked, gap-free)."""

    series = models.ForeignKey(NumberSeries, on_delete=models.CASCADE, related_name="serials")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="registers_one_serial_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.series_id}/{self.year}: {self.last_serial}"


class EntryStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    SIGNED = "signed", "已签发"
    FILED = "filed", "已备案"
    LAPSED = "lapsed", "已失效"


#: Entries in force for the register (signed, filed): the lapse job and campaigns list them.
IN_FORCE = [EntryStatus.SIGNED, EntryStatus.FILED]


class RegisterEntry(models.Model):
    """One 规范性文件 in its organ's register, linked to its catalog item (the link lives here)."""

    organ = models.ForeignKey(
        Organ, verbose_name="制发机关", on_delete=models.PROTECT, related_name="norm_entries"
    )
    item = models.OneToOneField(
        Item, verbose_name="公开目录信息", on_delete=models.PROTECT, related_name="norm_entry"
    )
    number = models.CharField("登记编号", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField("编号年份")
    serial = models.PositiveIntegerField("编号序号")
    status = models.CharField(
        "登记状态", max_length=16, choices=EntryStatus.choices, default=EntryStatus.REGISTERED
    )
    signed_on = models.DateField("签发日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    validity_years = models.PositiveSmallIntegerField("有效期（年）")
    expires_on = models.DateField("失效日期", null=True, blank=True, db_index=True)
    lapse_notified_on = models.DateField("到期提醒日期", null=True, blank=True)
    renewals = models.PositiveSmallIntegerField("延续次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "规范性文件登记"
        verbose_name_plural = "规范性文件登记"
        ordering = ["organ__tree_key", "-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "serial"], name="registers_number_once_per_organ"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.title}"

    def get_absolute_url(self) -> str:
        return reverse("office_registers:entry", args=[self.pk])


class CheckKind(models.TextChoices):
    LEGALITY = "legality", "合法性审核"
    COLLECTIVE = "collective", "集体审议"
    FILING = "filing", "备案"


#: Records a 规范性文件 needs before its 签发 (国办发〔2018〕37号 第二部分).
BEFORE_SIGNING = (CheckKind.LEGALITY, CheckKind.COLLECTIVE)


class CheckRecord(models.Model):
    """合法性审核 / 集体审议 (before 签发) or 备案 (after): who, when, what was concluded."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField("类型", max_length=16, choices=CheckKind.choices)
    held_on = models.DateField("日期")
    body = models.CharField("审核机构/会议/备案机关", max_length=100)
    conclusion = models.TextField("意见或结论")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "审核审议备案记录"
        verbose_name_plural = "审核审议备案记录"
        ordering = ["entry", "held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind"], name="registers_one_check_of_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.body}"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "清理中"
    PUBLISHED = "published", "已公布"


class Proposal(models.TextChoices):
    CONTINUE = "continue", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    DECLARE_INVALID = "declare_invalid", "宣布失效"


class Campaign(models.Model):
    """清理: every register entry of an organ's subtree, each with its organ's proposal."""

    organ = models.ForeignKey(
        Organ, verbose_name="组织清理的机关", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("清理名称", max_length=120)
    basis = models.TextField("清理依据", blank=True)
    deadline = models.DateField("提出意见截止日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "规范性文件清理"
        verbose_name_plural = "规范性文件清理"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CampaignLine(models.Model):
    """One document of a campaign and the proposal of its organ (with the reason)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="lines")
    entry = models.ForeignKey(RegisterEntry, on_delete=models.PROTECT, related_name="+")
    proposal = models.CharField("清理意见", max_length=16, choices=Proposal.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间", null=True, blank=True)

    class Meta:
        verbose_name = "清理意见"
        verbose_name_plural = "清理意见"
        ordering = ["campaign", "entry__organ__tree_key", "entry__year", "entry__serial"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "entry"], name="registers_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry.number}：{self.get_proposal_display() or '待提出'}"


# ---- 双随机一公开 ------------------------------------------------------------------------------


class PoolKind(models.TextChoices):
    SUBJECTS = "subjects", "检查对象名录库"
    INSPECTORS = "inspectors", "执法检查人员名录库"


class Pool(models.Model):
    """A pool of one organ: each member a code (统一社会信用代码 / 执法证号) and a name."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.CASCADE, related_name="inspection_pools"
    )
    kind = models.CharField("类型", max_length=16, choices=PoolKind.choices)
    name = models.CharField("名录库名称", max_length=100)
    #: [{"code": …, "name": …}] sorted by code (the canonical form the hash is taken of).
    members = models.JSONField("成员", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "双随机名录库"
        verbose_name_plural = "双随机名录库"
        ordering = ["organ__tree_key", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.organ.display_name}·{self.name}"


class DrawStatus(models.TextChoices):
    ANNOUNCED = "announced", "已公告（待抽取）"
    DRAWN = "drawn", "已抽取"
    CONCLUDED = "concluded", "已公开检查结果"


class Draw(models.Model):
    """A 双随机 draw: announced with the pools' hashes and the seed's commitment, drawn by
    revealing the seed, concluded by publishing the outcomes (see `draws.py`)."""

    organ = models.ForeignKey(
        Organ, verbose_name="抽查机关", on_delete=models.PROTECT, related_name="inspection_draws"
    )
    title = models.CharField("抽查事项", max_length=150)
    subject_count = models.PositiveSmallIntegerField("抽取检查对象数")
    inspectors_per_subject = models.PositiveSmallIntegerField("每个对象匹配检查人员数", default=2)
    #: Canonical texts of the pools at announcement (one "code<TAB>name" a line, sorted).
    subjects_text = models.TextField("检查对象名录（公告时）")
    inspectors_text = models.TextField("检查人员名录（公告时）")
    subjects_sha256 = models.CharField("检查对象名录 SHA-256", max_length=64)
    inspectors_sha256 = models.CharField("检查人员名录 SHA-256", max_length=64)
    seed_commitment = models.CharField("种子承诺值 SHA-256", max_length=64)
    #: Secret until the draw; shown on the public page afterwards.
    seed = models.CharField("随机种子", max_length=64)
    public_value = models.CharField(
        "公开随机值",
        max_length=100,
        blank=True,
        help_text="抽取时填写的、公告后才产生的公开数值（如指定日期的彩票开奖号码），与种子共同决定结果。",
    )
    status = models.CharField(
        "状态", max_length=16, choices=DrawStatus.choices, default=DrawStatus.ANNOUNCED
    )
    announced_at = models.DateTimeField("公告时间", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    concluded_at = models.DateTimeField("结果公开时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "双随机抽查"
        verbose_name_plural = "双随机抽查"
        ordering = ["-announced_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def seed_revealed(self) -> bool:
        return self.status != DrawStatus.ANNOUNCED


class Outcome(models.TextChoices):
    PENDING = "pending", "待检查"
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFY = "rectify", "发现问题，已责令整改"
    CASE = "case", "发现问题，已立案查处"
    NOT_FOUND = "not_found", "通过登记的住所（经营场所）无法联系"


class DrawResult(models.Model):
    """A subject drawn, the inspectors matched to it, and the inspection's outcome."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveSmallIntegerField("序号")
    subject_code = models.CharField("统一社会信用代码", max_length=40)
    subject_name = models.CharField("检查对象", max_length=200)
    #: [{"code": …, "name": …}] in their rank order.
    inspectors = models.JSONField("检查人员", default=list)
    outcome = models.CharField(
        "检查结果", max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.TextField("结果说明", blank=True)
    outcome_on = models.DateField("检查日期", null=True, blank=True)

    class Meta:
        verbose_name = "抽查结果"
        verbose_name_plural = "抽查结果"
        ordering = ["draw", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "rank"], name="registers_result_rank_once")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.subject_name}"

    @property
    def inspector_names(self) -> str:
        return "、".join(str(p.get("name", "")) for p in self.inspectors)
