"""依申请公开: applications, their consultations, documents, notes and 复议/诉讼 records.

`Application.status` is written only by `transitions.APP_MACHINE.fire` (called by the services in
`services/intake.py` and `services/workflow.py`).
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Greatest

from gongkai.applications.deadlines import Channel  # declared with its Art. 31 rule
from gongkai.applications.outcomes import OUTCOME_CHOICES
from gongkai.core.identifiers import mask_middle
from gongkai.orgs.models import Organ

# 查询码 alphabet without look-alikes (0/O, 1/I/L) so it can be read out over the phone.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(12))


class ApplicantType(models.TextChoices):
    NATURAL = "natural", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class OrgSubtype(models.TextChoices):
    """The applicant columns of annual-report table 三."""

    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    SOCIAL_WELFARE = "social_welfare", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER = "other", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"


class InfoForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    INSPECT = "inspect", "当场查阅、抄录"
    ONLINE = "online", "网上获取"


class AppStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认收到"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    # The drafted answer waits for 审核 / 签发 (transitions.py); the Art. 33 clock keeps running.
    ANSWER_REVIEW = "answer_review", "答复待审核"
    ANSWER_SIGNOFF = "answer_signoff", "答复待签发"
    ANSWERED = "answered", "已答复"
    WITHDRAWN = "withdrawn", "已撤回"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = [
    AppStatus.AWAITING_CONFIRMATION,
    AppStatus.PROCESSING,
    AppStatus.CORRECTION,
    AppStatus.CONSULTING,
    AppStatus.FEE_PENDING,
    AppStatus.ANSWER_REVIEW,
    AppStatus.ANSWER_SIGNOFF,
]
#: States whose answer period runs: not before receipt is confirmed (Art. 31), not while the
#: applicant corrects (Art. 30). Consultation and fee time are excluded by the deadline engine,
#: not by the state; an answer waiting for 审核 / 签发 is not answered yet, so its clock runs.
CLOCK_RUNNING_STATUSES = [
    AppStatus.PROCESSING,
    AppStatus.CONSULTING,
    AppStatus.FEE_PENDING,
    AppStatus.ANSWER_REVIEW,
    AppStatus.ANSWER_SIGNOFF,
]
#: The last day a case counts in a report period (年报 / 季报 table 三, `reports.builders`): its
#: answer or withdrawal date, never before its receipt; an open case counts in every period from
#: its receipt on (date.max). A period [start, end] holds the cases received by `end` whose
#: RELEVANT_UNTIL is on or after `start`. Indexed (`application_report_period_idx`) so a
#: province's report reads its ~75,000 cases of the year, not all 500,000 (issue 16 §7).
RELEVANT_UNTIL = models.Case(
    models.When(answered_on__isnull=True, withdrawn_on__isnull=True, then=models.Value(date.max)),
    default=Greatest(
        "receipt_date",
        Coalesce("answered_on", "receipt_date"),
        Coalesce("withdrawn_on", "receipt_date"),
    ),
    output_field=models.DateField(),
)

#: What the applicant's status page says for a state the office keeps to itself.
PUBLIC_STATUS_LABELS = {
    AppStatus.ANSWER_REVIEW: "办理中（答复审批中）",
    AppStatus.ANSWER_SIGNOFF: "办理中（答复审批中）",
}


class Application(models.Model):
    organ = models.ForeignKey(
        Organ, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    # "<机关代字>-<year>-<serial>", unique across organs (`services/numbering.py`).
    reference = models.CharField("申请编号", max_length=32, blank=True)
    query_code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_query_code, editable=False
    )
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    receipt_date = models.DateField("收到申请之日", null=True, blank=True)
    written_by_staff = models.BooleanField(
        "口头申请由工作机构代为填写", default=False, help_text="第二十九条"
    )

    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    org_subtype = models.CharField(
        "组织类别", max_length=16, choices=OrgSubtype.choices, blank=True
    )
    name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_rep = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需信息的名称或内容描述")
    doc_reference = models.CharField("文号或索引号", max_length=100, blank=True)
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    info_form = models.CharField("信息的载体形式", max_length=16, choices=InfoForm.choices)
    delivery = models.CharField("获取方式", max_length=16, choices=Delivery.choices)
    fee_waiver_requested = models.BooleanField("申请减免费用", default=False)
    fee_waiver_reason = models.CharField("减免理由", max_length=200, blank=True)

    status = models.CharField(
        "状态",
        max_length=24,
        choices=AppStatus.choices,
        default=AppStatus.PROCESSING,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Deadline state (recomputed by services; see deadlines.py for how).
    clock_start = models.DateField("答复期限起算日", null=True, blank=True)
    due_date = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    due_explanation = models.JSONField("期限计算说明", default=list, blank=True)
    calendar_version = models.CharField("日历版本", max_length=64, blank=True)
    extended = models.BooleanField("已延期", default=False)
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_reason = models.CharField("延期理由", max_length=500, blank=True)
    # Art. 33 para 2: the handler asks, the head of the GIO working body (Role.GIO_HEAD) consents.
    extension_requested_days = models.PositiveSmallIntegerField(
        "申请延长工作日数", null=True, blank=True
    )
    extension_requested_reason = models.CharField("申请延期理由", max_length=500, blank=True)
    extension_requested_on = models.DateField("申请延期日期", null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请延期人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delayed_due_date = models.DateField("第三十五条延迟答复日期", null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("需补正事项", blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_received_on = models.DateField("收到补正日期", null=True, blank=True)
    correction_text = models.TextField("补正内容", blank=True)

    fee_method = models.CharField("收费方式", max_length=16, blank=True)
    fee_units = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # The handler's draft answer, waiting for 审核 / 签发; copied to outcome/outcome_reason and
    # answered_on (the day it is signed) by the sign-off, cleared by it.
    draft_outcome = models.CharField(
        "拟定的办理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True
    )
    draft_reason = models.TextField("拟定的理由说明", blank=True)
    draft_on = models.DateField("拟稿日期", null=True, blank=True)
    draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Art. 36(5): the organ the draft names as holding the information; registered there on 签发.
    draft_transfer_to = models.ForeignKey(
        Organ,
        verbose_name="拟转至机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("办理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True)
    outcome_reason = models.TextField("理由说明", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    transferred_to = models.ForeignKey(
        "self",
        verbose_name="转办至",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transferred_from",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="重复申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    client_token = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in AppStatus]),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=20), name="extension_at_most_20"
            ),
            models.UniqueConstraint(
                fields=["client_token"],
                condition=~models.Q(client_token=""),
                name="unique_application_client_token",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="unique_application_reference",
            ),
        ]
        indexes = [
            # The staff queue's order (`selectors.queue`: effective due date, then newest): its
            # first page reads 20 index entries instead of sorting every case (docs/benchmarks.md).
            models.Index(
                Coalesce("delayed_due_date", "due_date"),
                models.F("submitted_on").desc(),
                models.F("id").desc(),
                name="application_queue_due_idx",
            ),
            # The same order over the cases whose clock runs (the 即将到期 / 已逾期 filters),
            # which otherwise walk past every closed case with a past due date.
            models.Index(
                Coalesce("delayed_due_date", "due_date"),
                models.F("submitted_on").desc(),
                models.F("id").desc(),
                condition=models.Q(status__in=[s.value for s in CLOCK_RUNNING_STATUSES]),
                name="application_running_due_idx",
            ),
            # Table 三 of a report period (`reports.builders.applications_table`).
            models.Index(RELEVANT_UNTIL, "receipt_date", name="application_report_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or self.pk} {self.name}"

    @property
    def masked_id_number(self) -> str:
        return mask_middle(self.id_number, 3, 4) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return mask_middle(self.phone, 3, 4) if self.phone else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def public_status_label(self) -> str:
        """The state as the applicant's status page names it (the sign-off is internal)."""
        return PUBLIC_STATUS_LABELS.get(AppStatus(self.status), self.get_status_display())

    @property
    def requested_description(self) -> str:
        """What the applicant asks for: after a 补正 (Art. 30), the corrected request."""
        if self.correction_received_on and self.correction_text.strip():
            return self.correction_text.strip()
        return self.description


class Consultation(models.Model):
    """Art. 32 third-party / Art. 34 other-organ consultation (time excluded from the period)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方（第三十二条）"
        ORGAN = "organ", "其他机关（第三十四条）"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    party = models.CharField("征求对象", max_length=100)
    sent_on = models.DateField("征求意见书送达日期")
    reply_due = models.DateField("答复截止日期")
    replied_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)
    agrees = models.BooleanField("同意公开", null=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party}"


class ApplicationDocument(models.Model):
    """A generated letter (告知书 …), numbered per organ and year, stored with the case."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文书类型", max_length=32)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文书编号", max_length=64)
    file = models.FileField(upload_to="application_documents/%Y/", max_length=255)
    public = models.BooleanField("申请人可下载", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理文书"
        verbose_name_plural = "办理文书"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ReferencePrefix(models.Model):
    """The organ's stem of application numbers (申请编号 "<stem>-2026-0008").

    Assigned once, on the organ's first application, from its 机关代字 (`Organ.doc_prefix`) or
    its name, and never changed afterwards, so numbers stay stable; unique, so two organs never
    share a number (`services/numbering.py: reference_prefix`).
    """

    organ = models.OneToOneField(
        Organ, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField("申请编号前缀", max_length=16, unique=True)

    class Meta:
        verbose_name = "申请编号前缀"
        verbose_name_plural = "申请编号前缀"

    def __str__(self) -> str:
        return f"{self.prefix}（{self.organ_id}）"


class DocumentSerial(models.Model):
    organ = models.ForeignKey(Organ, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "kind"], name="unique_document_serial"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}/{self.year}/{self.kind}: {self.last_serial}"


class CaseNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("备注")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:30]


class LegalChallenge(models.Model):
    """行政复议 / 行政诉讼 about an application (annual-report table 四)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "复议后起诉"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="challenges"
    )
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    filed_on = models.DateField("申请或起诉日期")
    body = models.CharField("复议机关或受理法院", max_length=100, blank=True)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=16, choices=Result.choices, default="pending")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "行政复议或诉讼"
        verbose_name_plural = "行政复议或诉讼"
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


class LetterTemplate(models.Model):
    """An organ's own wording for a letter kind (default: data/letters.yaml)."""

    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField("文书类型", max_length=32)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板", help_text="占位符用 {花括号}，段落之间空一行。")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["organ", "kind"], name="unique_letter_template"),
        ]

    def __str__(self) -> str:
        return f"{self.organ} {self.title}"
