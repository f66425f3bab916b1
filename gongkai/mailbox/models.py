"""互动交流: mailboxes (信箱 / 在线咨询) of each organ, the letters written to them, their 转办
trail and attachments.

`Letter.status` is written only by `transitions.LETTER_MACHINE.fire` (called by the services).
Personal data (name, phone, ID number, e-mail, address) never leaves the office unmasked: the
public pages show only a published letter's masked copy (`published_*`, `services/publication`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.formguard import new_query_code
from gongkai.core.identifiers import mask_middle
from gongkai.orgs.models import Organ


class ChannelKind(models.TextChoices):
    LEADER = "leader", "领导信箱"
    DEPARTMENT = "department", "部门信箱"
    CONSULT = "consult", "在线咨询"


class LetterType(models.TextChoices):
    CONSULT = "consult", "咨询"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    HELP = "help", "求助"


class Status(models.TextChoices):
    SCREENING = "screening", "待审核"
    INVALID = "invalid", "不予受理"
    DUPLICATE = "duplicate", "重复留言"
    PROCESSING = "processing", "办理中"
    APPROVAL = "approval", "答复待审批"
    ANSWERED = "answered", "已答复"
    RATED = "rated", "已评价"
    ARCHIVED = "archived", "已归档"


#: Valid letters not answered yet: their clock runs (the three-month veto counts them).
UNANSWERED = [Status.PROCESSING, Status.APPROVAL]
#: Letters screened out: not counted as 留言 in the statistics, never published.
SCREENED_OUT = [Status.INVALID, Status.DUPLICATE]
#: Letters with a reply (the public may see it, if published).
REPLIED = [Status.ANSWERED, Status.RATED, Status.ARCHIVED]
#: What the writer's lookup page says for states the office keeps to itself.
PUBLIC_STATUS_LABELS = {Status.APPROVAL: "办理中（答复审批中）"}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Channel(models.Model):
    """A mailbox of an organ: 领导信箱, 部门信箱 or 在线咨询, with the letter types it takes and
    its rules, shown to the writer before the form."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.CASCADE, related_name="mail_channels"
    )
    kind = models.CharField("信箱类型", max_length=16, choices=ChannelKind.choices)
    name = models.CharField("信箱名称", max_length=60)
    types = models.JSONField("受理的留言类型", default=list)
    rules = models.TextField("留言须知", blank=True)
    require_id_number = models.BooleanField("须填写身份证号码", default=False)
    require_address = models.BooleanField("须填写联系地址", default=False)
    active = models.BooleanField("开通", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信箱"
        verbose_name_plural = "信箱"
        ordering = ["organ__tree_key", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "kind"], name="mailbox_one_channel_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.organ.display_name}·{self.name}"

    @property
    def type_choices(self) -> list[tuple[str, str]]:
        return [(t.value, t.label) for t in LetterType if t.value in self.types]


class LetterSerial(models.Model):
    """The last 留言编号 serial of a year (`core/serials.py`: locked, gap-free)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class Letter(models.Model):
    channel = models.ForeignKey(
        Channel, verbose_name="信箱", on_delete=models.PROTECT, related_name="letters"
    )
    # The organ responsible now: the channel's at first, then wherever it was transferred.
    organ = models.ForeignKey(
        Organ, verbose_name="办理机关", on_delete=models.PROTECT, related_name="letters"
    )
    reference = models.CharField("留言编号", max_length=20, unique=True)
    query_code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_query_code, editable=False
    )
    letter_type = models.CharField("留言类型", max_length=16, choices=LetterType.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("留言内容")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("联系地址", max_length=200, blank=True)
    consent_publish = models.BooleanField("同意公开留言及答复", default=False)
    client_token = models.CharField(max_length=64, blank=True, db_index=True)

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.SCREENING, db_index=True
    )
    submitted_at = models.DateTimeField("留言时间")
    submitted_on = models.DateField("留言日期", db_index=True)
    screening_due = models.DateField("审核期限", null=True, blank=True)
    # Screening: what the filter found (words of the lexicon), spam, a possible duplicate.
    filter_hits = models.JSONField("敏感词", default=list, blank=True)
    spam_suspected = models.BooleanField("疑似垃圾信息", default=False)
    possible_duplicate = models.ForeignKey(
        "self",
        verbose_name="疑似重复",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="与之重复的留言",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invalid_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    screened_on = models.DateField("审核日期", null=True, blank=True)
    # Set by the first acceptance; a transfer or a return to the 公开办 never restarts it.
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    due_date = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_explanation = models.JSONField("期限计算说明", default=list, blank=True)
    calendar_version = models.CharField("日历版本", max_length=64, blank=True)
    extended = models.BooleanField("已延期", default=False)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    escalated = models.BooleanField("曾退回公开办协调", default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    draft_reply = models.TextField("答复稿", blank=True)
    drafted_on = models.DateField("拟稿日期", null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_organ = models.ForeignKey(
        Organ,
        verbose_name="答复机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handling_working_days = models.PositiveSmallIntegerField("办理用时（工作日）", null=True)
    overdue = models.BooleanField("超期", default=False)

    rating_due = models.DateField("评价期限", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=16, choices=Satisfaction.choices, blank=True
    )
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    rated_by_default = models.BooleanField("逾期未评价默认满意", default=False)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    # Publication: a choice of the office, possible only with the writer's consent; the public
    # copy is masked once, when published (names, phones, IDs, addresses; the 保密 scanner).
    published = models.BooleanField("已公开", default=False, db_index=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_title = models.CharField("公开标题", max_length=100, blank=True)
    published_body = models.TextField("公开的留言内容", blank=True)
    published_reply = models.TextField("公开的答复内容", blank=True)

    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    alert_level = models.PositiveSmallIntegerField("未答复预警级别", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # A reply is published only with the writer's consent, whatever the code does.
            models.CheckConstraint(
                condition=Q(published=False) | Q(consent_publish=True),
                name="mailbox_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="mailbox_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["organ", "status"], name="mailbox_organ_status")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def masked_name(self) -> str:
        return (self.name[:1] + "*" * max(len(self.name) - 1, 1)) if self.name else ""

    @property
    def masked_phone(self) -> str:
        return mask_middle(self.phone) if self.phone else ""

    @property
    def public_status(self) -> str:
        return PUBLIC_STATUS_LABELS.get(self.status, self.get_status_display())  # type: ignore[call-overload]


class Transfer(models.Model):
    """One step of the 转办 trail: from which organ to which, by whom, why."""

    class Kind(models.TextChoices):
        ASSIGN = "assign", "按责转办"  # the screening office sends it to the responsible organ
        TRANSFER = "transfer", "转办"  # a handling organ passes it on
        RETURN = "return", "退回公开办"  # a handling organ gives it back to the mailbox's office

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField("方式", max_length=16, choices=Kind.choices)
    from_organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    to_organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField("日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "转办记录"
        verbose_name_plural = "转办记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_organ_id} → {self.to_organ_id}"


def attachment_path(instance: LetterAttachment, filename: str) -> str:
    # Never the writer's file name on disk: the letter and a digest prefix.
    return f"mailbox/{instance.letter_id}/{instance.sha256[:16]}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "留言附件"
        verbose_name_plural = "留言附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
