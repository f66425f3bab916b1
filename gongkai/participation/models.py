"""公众参与: 征求意见 (consultations on a draft, their comments and the 采纳情况反馈), 网上调查
(questionnaires), 建议提案办理 (replies to 人大代表建议 and 政协委员提案) and 政务舆情回应.

`Consultation.status` and `Comment.status` are written only by their machines
(`transitions.py`). Surveys, proposals and 舆情 have no workflow beyond dates and one answer:
their state is read from those fields (`is_open`, `replied_on`, `responded_at`).

Personal data (a commenter's name and contact, a proposer is public by nature) never leaves the
office unmasked: the public pages show a comment's masked name and its text, never its contact.
The final policy is a catalog item, linked from the consultation (`final_item`); the catalog's
models are not touched, the item side reads `selectors.consultations_for_item`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.catalog.models import Item
from gongkai.orgs.models import Organ


class ConsultationKind(models.TextChoices):
    MAJOR_DECISION = "major_decision", "重大行政决策"
    OTHER = "other", "其他政策文件"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "征求意见中"
    CLOSED = "closed", "已办结"


class Consultation(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name="征集机关", on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField("类别", max_length=16, choices=ConsultationKind.choices)
    title = models.CharField("标题", max_length=200)
    draft_text = models.TextField("征求意见稿正文", blank=True)
    attachment = models.FileField(
        "征求意见稿附件", upload_to="participation/drafts/", max_length=255, blank=True
    )
    attachment_name = models.CharField("附件名", max_length=255, blank=True)
    explanation = models.TextField("起草说明")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    shortened_reason = models.CharField("缩短期限的理由", max_length=300, blank=True)
    contact = models.CharField("意见反馈方式（信函、电子邮箱）", max_length=300, blank=True)
    status = models.CharField(
        "状态",
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
        db_index=True,
    )
    # 采纳情况反馈: written group by group (`FeedbackGroup`), then published as a whole.
    feedback_summary = models.TextField("采纳情况总体说明", blank=True)
    feedback_published_at = models.DateTimeField("反馈公布时间", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # The final policy (a catalog item): the consultation links to it, the item reads it back.
    final_item = models.ForeignKey(
        Item,
        verbose_name="正式文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="participation_consultation_dates",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ConsultationStatus]),
                name="participation_consultation_status_valid",
            ),
            # Closed only with its feedback published, whatever the code does.
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(feedback_published_at__isnull=False),
                name="participation_closed_with_feedback",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_comments(self, today: date) -> bool:
        return self.status == ConsultationStatus.OPEN and self.starts_on <= today <= self.ends_on

    def phase(self, today: date) -> str:
        """What the public reads: 草稿, 未开始, 征求意见中, 已截止（待反馈）, 已反馈, 已办结."""
        if self.status == ConsultationStatus.OPEN:
            if today < self.starts_on:
                return "即将开始"
            if today <= self.ends_on:
                return "征求意见中"
            return "已截止，反馈意见已公布" if self.feedback_published_at else "已截止，待反馈"
        return str(self.get_status_display())

    @property
    def period_days(self) -> int:
        """Days of the period, both ends counted (1 March to 30 March is 30 days)."""
        return (self.ends_on - self.starts_on).days + 1


class CommentChannel(models.TextChoices):
    ONLINE = "online", "网上留言"
    EMAIL = "email", "电子邮件"
    LETTER = "letter", "信函"
    OTHER = "other", "座谈会等其他方式"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    SHOWN = "shown", "已公开"
    HIDDEN = "hidden", "不予显示"
    RECORDED = "recorded", "已登记"  # a letter or e-mail entered by staff: counted, not shown


#: Comments that count in the statistics and must be grouped in the feedback.
COUNTED = [CommentStatus.SHOWN, CommentStatus.RECORDED, CommentStatus.HIDDEN]


class Decision(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class FeedbackGroup(models.Model):
    """One kind of comment in the 采纳情况反馈: what was said, whether it was adopted, why."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="feedback_groups"
    )
    topic = models.CharField("意见归类", max_length=200)
    decision = models.CharField("采纳情况", max_length=16, choices=Decision.choices)
    reason = models.TextField("理由或说明", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "采纳情况"
        verbose_name_plural = "采纳情况"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.topic


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    channel = models.CharField("来源", max_length=16, choices=CommentChannel.choices)
    name = models.CharField("姓名或单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    body = models.TextField("意见内容")
    status = models.CharField(
        "状态", max_length=16, choices=CommentStatus.choices, db_index=True, default="pending"
    )
    hidden_reason = models.CharField("不予显示理由", max_length=300, blank=True)
    group = models.ForeignKey(
        FeedbackGroup,
        verbose_name="归入",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    received_on = models.DateField("收到日期")
    client_token = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CommentStatus]),
                name="participation_comment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:30]

    @property
    def masked_name(self) -> str:
        if not self.name:
            return "网友"
        return self.name[:1] + "*" * max(len(self.name) - 1, 1)


# ---- 网上调查 ---------------------------------------------------------------------------------


class Survey(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name="发起机关", on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField("标题", max_length=200)
    intro = models.TextField("说明", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "网上调查"
        verbose_name_plural = "网上调查"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="participation_survey_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: date) -> bool:
        return self.starts_on <= today <= self.ends_on

    def is_closed(self, today: date) -> bool:
        """Results are published once the survey has closed (`rules.results_public`)."""
        return today > self.ends_on


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    TEXT = "text", "文字回答"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField("题型", max_length=16, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)
    choices = models.JSONField("选项", default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "调查题目"
        verbose_name_plural = "调查题目"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's answers. One per person, enforced reasonably: a cookie token (unique per
    survey) and a cap per network address (hashed, never stored in clear)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    voter_key = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, db_index=True)
    answers = models.JSONField("答案", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "voter_key"], name="participation_one_response_per_voter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


# ---- 建议提案办理 ----------------------------------------------------------------------------


class ProposalKind(models.TextChoices):
    NPC = "npc", "人大代表建议"
    CPPCC = "cppcc", "政协委员提案"


class ReplyDisclosure(models.TextChoices):
    FULL = "full", "全文公开"
    SUMMARY = "summary", "摘要公开"


class Proposal(models.Model):
    kind = models.CharField("类别", max_length=8, choices=ProposalKind.choices)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    number = models.CharField("编号", max_length=40)
    title = models.CharField("标题", max_length=300)
    proposer = models.CharField("提出人", max_length=200)
    organ = models.ForeignKey(
        Organ, verbose_name="主办单位", on_delete=models.PROTECT, related_name="proposals"
    )
    co_organs = models.ManyToManyField(
        Organ, verbose_name="协办单位", blank=True, related_name="co_proposals"
    )
    assigned_on = models.DateField("交办日期")
    complex_matter = models.BooleanField("涉及面广、处理难度大", default=False)
    due_on = models.DateField("答复期限")
    # 办理复文: a catalog item with its own 公开属性; the public reads its full text or a 摘要.
    reply_item = models.ForeignKey(
        Item,
        verbose_name="办理复文",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_disclosure = models.CharField(
        "复文公开方式", max_length=8, choices=ReplyDisclosure.choices, blank=True
    )
    reply_summary = models.TextField("复文摘要", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "建议提案"
        verbose_name_plural = "建议提案"
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"], name="participation_proposal_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


# ---- 政务舆情回应 -----------------------------------------------------------------------------


class OpinionLevel(models.TextChoices):
    CRITICAL = "critical", "特别重大"
    MAJOR = "major", "重大"
    GENERAL = "general", "一般"


class Opinion(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name="回应主体", on_delete=models.PROTECT, related_name="opinions"
    )
    topic = models.CharField("舆情事项", max_length=200)
    source = models.CharField("来源", max_length=200)
    level = models.CharField("级别", max_length=16, choices=OpinionLevel.choices)
    noticed_at = models.DateTimeField("发现时间")
    response_due = models.DateTimeField("回应时限", db_index=True)
    press_due = models.DateTimeField("新闻发布会时限", null=True, blank=True)
    responded_at = models.DateTimeField("回应时间", null=True, blank=True)
    press_at = models.DateTimeField("新闻发布会时间", null=True, blank=True)
    response_item = models.ForeignKey(
        Item,
        verbose_name="回应关切文章",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response_url = models.URLField("回应链接", blank=True)
    response_note = models.CharField("回应方式说明", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政务舆情"
        verbose_name_plural = "政务舆情"
        ordering = ["-noticed_at", "-pk"]

    def __str__(self) -> str:
        return self.topic
