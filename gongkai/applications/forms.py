"""Forms of 依申请公开. They validate input in Chinese; every write goes through the services.

The applicant fields reuse the service's own checks (`intake.validate_applicant` /
`validate_request`), so the form and the service never disagree about what is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.applications.deadlines import MAX_EXTENSION_WORKING_DAYS
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    ApplicantType,
    AppStatus,
    Channel,
    Consultation,
    Delivery,
    IdType,
    InfoForm,
    LegalChallenge,
    OrgSubtype,
)
from gongkai.applications.outcomes import OUTCOMES
from gongkai.applications.selectors import due_soon_working_days
from gongkai.applications.services.intake import (
    APPLICANT_FIELDS,
    REQUEST_FIELDS,
    validate_applicant,
    validate_request,
)
from gongkai.core.widgets import date_input
from gongkai.orgs.models import Organ
from gongkai.orgs.selectors import person_labels

DATE = date_input()
DATE_ERRORS = {"invalid": "请按“年-月-日”格式填写日期，例如 2026-03-02。"}


def _date(
    label: str, *, required: bool = True, help_text: str = "", today: bool = False
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today else None,
        widget=DATE,
        help_text=help_text,
        error_messages={**DATE_ERRORS, "required": f"请填写{label}。"},
    )


class BaseForm(forms.Form):
    """Labels without a trailing colon; required/error classes for the shared field template."""

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ApplicationForm(BaseForm):
    """政府信息公开申请表 (Art. 29). Both applicant groups are on the page (no JS needed);
    only the group matching 申请人类型 is checked."""

    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请人类型（自然人或法人或其他组织）。"},
    )
    name = forms.CharField(
        label="申请人姓名或名称",
        max_length=100,
        error_messages={"required": "请填写申请人姓名或名称。"},
    )
    id_type = forms.ChoiceField(
        label="证件类型", choices=[("", "请选择"), *IdType.choices], required=False
    )
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    org_subtype = forms.ChoiceField(
        label="组织类别", choices=[("", "请选择"), *OrgSubtype.choices], required=False
    )
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    legal_rep = forms.CharField(label="法定代表人", max_length=50, required=False)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        # type=tel: phones offer the number pad and browsers offer the saved number.
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="查询办理进度时需要填写手机号码或证件号码的后四位。",
        error_messages={"required": "请填写有效的联系电话（手机号码或含区号的固定电话）。"},
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="填写后，查询码会同时发送到该邮箱。",
        error_messages={"invalid": "请填写有效的电子邮箱地址。"},
    )
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    postcode = forms.RegexField(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为6位数字。"},
    )
    description = forms.CharField(
        label="所需信息的名称或内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明信息的名称、文号或者便于查询的其他特征性描述（第二十九条）。",
        error_messages={
            "required": "请描述所需政府信息的名称、文号或便于查询的其他特征（至少4个字）。"
        },
    )
    doc_reference = forms.CharField(label="文号或索引号（如知道）", max_length=100, required=False)
    purpose = forms.CharField(label="用途（选填）", max_length=200, required=False)
    info_form = forms.ChoiceField(
        label="信息的载体形式",
        choices=InfoForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择信息的载体形式。"},
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择获取信息的方式。"},
    )
    fee_waiver_requested = forms.BooleanField(label="申请减免信息处理费", required=False)
    fee_waiver_reason = forms.CharField(label="减免理由", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = {name: data.get(name, self.data.get(name, "")) for name in APPLICANT_FIELDS}
        raw |= {name: data.get(name, "") for name in REQUEST_FIELDS}
        for name, message in (validate_applicant(raw) | validate_request(raw)).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        if data.get("fee_waiver_requested") and not (data.get("fee_waiver_reason") or "").strip():
            self.add_error("fee_waiver_reason", "申请减免费用时请说明理由。")
        return data

    def application_data(self) -> dict[str, Any]:
        """The cleaned values the intake service takes (applicant and request fields only)."""
        return {
            name: self.cleaned_data.get(name) or ("" if name != "fee_waiver_requested" else False)
            for name in APPLICANT_FIELDS | REQUEST_FIELDS
        }


class PublicApplicationForm(ApplicationForm):
    """The online form: plus a one-time token (double submit), the start time (minimum fill
    time) and a honeypot field real people never see."""

    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


#: Channels staff register on paper (Art. 31); online applications come in through the portal.
PAPER_CHANNELS = [Channel.IN_PERSON, Channel.POST_SIGNED, Channel.POST_ORDINARY, Channel.FAX]


class StaffRegisterForm(ApplicationForm):
    organ = forms.ModelChoiceField(
        label="受理机关",
        queryset=Organ.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择受理机关。"},
    )
    channel = forms.ChoiceField(
        label="申请方式",
        choices=[(c.value, c.label) for c in PAPER_CHANNELS],
        help_text="第三十一条：当面提交以提交之日、挂号信以签收之日为收到申请之日；"
        "平常信函和传真以双方确认之日为收到申请之日。",
        error_messages={"required": "请选择申请方式。"},
    )
    submitted_on = _date("提交或签收日期", help_text="挂号信填写签收日期。")
    confirmed_on = _date(
        "确认日期",
        required=False,
        help_text="平常信函、传真：与申请人确认之日；未确认的先不填，之后在案件页登记。",
    )
    written_by_staff = forms.BooleanField(
        label="口头申请，由工作机构代为填写（第二十九条）", required=False
    )

    def __init__(self, *args: Any, organs: Sequence[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organ"])
        field.queryset = Organ.objects.filter(pk__in=[o.pk for o in organs]).order_by("tree_key")
        if len(organs) == 1:
            self.fields["organ"].initial = organs[0].pk
        self.fields["submitted_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        submitted, confirmed = data.get("submitted_on"), data.get("confirmed_on")
        if submitted and submitted > timezone.localdate():
            self.add_error("submitted_on", "提交日期不能晚于今天。")
        if submitted and confirmed and confirmed < submitted:
            self.add_error("confirmed_on", "确认日期不能早于提交日期。")
        return data


class StatusLookupForm(BaseForm):
    code = forms.CharField(
        label="查询码",
        max_length=16,
        help_text="提交申请后页面和邮件中给出的12位查询码。",
        error_messages={"required": "请填写查询码。"},
    )
    tail = forms.RegexField(
        label="手机号码或证件号码后四位",
        regex=r"^[0-9Xx]{4}$",
        error_messages={
            "required": "请填写手机号码或证件号码的后四位。",
            "invalid": "请填写4位数字（身份证末位可以是X）。",
        },
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper().replace(" ", "")

    def clean_tail(self) -> str:
        return str(self.cleaned_data["tail"]).upper()


class PublicCorrectionForm(BaseForm):
    text = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="请按补正告知书的要求，补充或更改申请内容。",
        error_messages={"required": "请填写补正内容。"},
    )


class PublicWithdrawForm(BaseForm):
    confirm = forms.BooleanField(
        label="我确认撤回本申请",
        error_messages={"required": "请勾选“我确认撤回本申请”。"},
    )
    reason = forms.CharField(label="撤回理由（选填）", max_length=200, required=False)


# ----- back office -----------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


class ConfirmForm(BaseForm):
    confirmed_on = _date("确认收到日期", today=True)


class CorrectionRequestForm(BaseForm):
    on = _date("补正告知日期")
    items = forms.CharField(
        label="需补正事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="第三十条：一次性告知需要补正的事项和合理的补正期限。",
        error_messages={"required": "请写明需要补正的事项。"},
    )
    deadline = _date("补正期限")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = _today()
        self.fields["deadline"].initial = _today() + timedelta(days=15)


class ReceiveCorrectionForm(BaseForm):
    on = _date("收到补正日期", today=True)
    text = forms.CharField(
        label="补正内容", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConsultForm(BaseForm):
    kind = forms.ChoiceField(label="征求意见类型", choices=Consultation.Kind.choices)
    party = forms.CharField(
        label="征求对象", max_length=100, error_messages={"required": "请填写征求意见的对象。"}
    )
    sent_on = _date("征求意见书送达日期", today=True)


class ConsultReplyForm(BaseForm):
    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "请选择要登记意见的征求意见。",
            "invalid_choice": "请选择要登记意见的征求意见。",
        },
    )
    replied_on = _date(
        "收到意见日期",
        required=False,
        help_text="不填表示期限届满未提出意见（第三十二条、第三十四条）。",
    )
    opinion = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    agrees = forms.TypedChoiceField(
        label="是否同意公开",
        choices=[("", "未表示"), ("1", "同意"), ("0", "不同意")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )

    def __init__(
        self, *args: Any, consultations: QuerySet[Consultation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["consultation"])
        field.queryset = consultations if consultations is not None else field.queryset


class ExtendForm(BaseForm):
    """延期: the handler's request, or the GIO head's consent (prefilled from the request).
    The upper bound is Art. 33's, checked by the service (`deadlines.check_extension`); the
    widget only hints it to the browser."""

    days = forms.IntegerField(
        label="延长工作日数",
        initial=MAX_EXTENSION_WORKING_DAYS,
        min_value=1,
        widget=forms.NumberInput(attrs={"max": MAX_EXTENSION_WORKING_DAYS}),
        error_messages={
            "min_value": "延长的工作日数至少为1。",
            "invalid": "请填写整数。",
            "required": "请填写延长工作日数。",
        },
    )
    reason = forms.CharField(
        label="延期理由",
        max_length=500,
        help_text="写入延期答复告知书：“因……，本机关不能在法定期限内作出答复”。",
        error_messages={"required": "请填写延期理由。"},
    )


class CommentForm(BaseForm):
    """One comment: 审核意见, 退回意见, 不同意延期的理由."""

    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, label: str = "意见", required: bool = True, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["comment"]
        field.label, field.required = label, required
        field.error_messages["required"] = f"请填写{label}。"


class SignForm(BaseForm):
    """签发: the day the answer is signed is its answer date (Art. 33 counts to it)."""

    on = _date("签发日期（即答复日期）", today=True)
    comment = forms.CharField(
        label="签发意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DelayForm(BaseForm):
    due = _date("延迟答复日期")
    reason = forms.CharField(
        label="理由（申请数量、频次明显超过合理范围，第三十五条）",
        max_length=500,
        error_messages={"required": "请说明理由。"},
    )


class FeeNoticeForm(BaseForm):
    method = forms.ChoiceField(label="收费方式", choices=list(FeeMethod.LABELS.items()))
    units = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        error_messages={"min_value": "计费件数或页数必须大于0。", "required": "请填写件数或页数。"},
    )
    on = _date("收费通知日期", today=True)


class DayForm(BaseForm):
    """One date: payment, delivery, archiving."""

    on = _date("日期")

    def __init__(self, *args: Any, label: str = "日期", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].error_messages["required"] = f"请填写{label}。"
        self.fields["on"].initial = _today()


def outcome_choices() -> list[tuple[str, Any]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for o in OUTCOMES:
        if o.key in {"other.no_correction", "other.no_fee_payment"}:
            continue  # recorded by the lapse job (Art. 30; 109号), not chosen by hand
        groups.setdefault(o.group, []).append((o.key, f"{o.label}（{o.basis or '—'}）"))
    return [("", "请选择"), *groups.items()]


class AnswerForm(BaseForm):
    """The handler's draft answer; it goes to 审核 / 签发 before it is given."""

    outcome = forms.ChoiceField(
        label="办理结果", choices=outcome_choices, error_messages={"required": "请选择办理结果。"}
    )
    on = _date("拟稿日期", today=True)
    reason = forms.CharField(
        label="理由说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="除予以公开外，答复必须说明理由（第三十六条）。",
    )


class StaffWithdrawForm(BaseForm):
    on = _date("撤回日期", today=True)
    reason = forms.CharField(label="撤回说明", max_length=200, required=False)


class TransferForm(BaseForm):
    target = forms.ModelChoiceField(
        label="转至机关",
        queryset=Organ.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择负责该信息的机关。"},
    )
    on = _date("转办日期", today=True)
    reason = forms.CharField(
        label="告知说明",
        max_length=500,
        initial="经检索，本机关不掌握该政府信息；该信息由下列机关负责公开。",
        error_messages={"required": "请填写告知说明。"},
    )

    def __init__(self, *args: Any, targets: Iterable[Organ] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["target"])
        field.queryset = Organ.objects.filter(pk__in=[o.pk for o in targets]).order_by("tree_key")


class NoteForm(BaseForm):
    text = forms.CharField(
        label="备注",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "请填写备注内容。"},
    )


class AssignForm(BaseForm):
    assignee = forms.TypedChoiceField(label="承办人", coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, users: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["assignee"])
        users = list(users)
        labels = person_labels(users)  # namesakes told apart by organ: 张伟（岚川市教育局）
        field.choices = [
            ("", "（不指定）"),
            *((u.pk, labels[u.pk]) for u in users),
        ]


class DocumentForm(BaseForm):
    kind = forms.ChoiceField(label="文书类型")

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(kinds)


class ChallengeForm(BaseForm):
    kind = forms.ChoiceField(label="类型", choices=LegalChallenge.Kind.choices)
    filed_on = _date("申请复议或起诉日期")
    body = forms.CharField(label="复议机关或受理法院", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)


class ChallengeResultForm(BaseForm):
    challenge = forms.ModelChoiceField(
        queryset=LegalChallenge.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": "请选择要登记结果的复议或诉讼。",
            "invalid_choice": "请选择要登记结果的复议或诉讼。",
        },
    )
    result = forms.ChoiceField(label="结果", choices=LegalChallenge.Result.choices)
    decided_on = _date("审结日期", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(
        self, *args: Any, challenges: QuerySet[LegalChallenge] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["challenge"])
        field.queryset = challenges if challenges is not None else field.queryset


def due_choices() -> list[tuple[str, str]]:
    return [
        ("", "全部"),
        ("soon", f"{due_soon_working_days()}个工作日内到期"),
        ("overdue", "已超期"),
    ]


class QueueFilter(BaseForm):
    """GET filters of the queue (a plain 筛选 button; works without JS)."""

    organ = forms.TypedChoiceField(label="受理机关", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *AppStatus.choices], required=False
    )
    due = forms.ChoiceField(label="期限", choices=due_choices, required=False)
    assignee = forms.ChoiceField(label="承办人", required=False)
    q = forms.CharField(label="编号、申请人或内容", max_length=100, required=False)

    def __init__(self, *args: Any, organs: Sequence[Organ], users: Iterable[Any], **kw: Any):
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["organ"]).choices = [
            ("", "全部机关"),
            *((o.pk, o.display_name) for o in organs),
        ]
        users = list(users)
        labels = person_labels(users, organs=organs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", "全部"),
            ("me", "我承办的"),
            ("none", "未指定"),
            *((str(u.pk), labels[u.pk]) for u in users),
        ]

    def value(self, name: str) -> Any:
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None
