"""Forms of the mailbox: input validation only, in Chinese; every write goes through a service.

The write form asks the service's own checks (`services.intake.validate_letter`), so the form
and the service never disagree about what is valid.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from gongkai.catalog.forms import MultipleFileField, MultipleFileInput
from gongkai.core.conf import gongkai_settings
from gongkai.core.formguard import honeypot_field
from gongkai.mailbox.models import Channel, Letter, LetterType, Satisfaction
from gongkai.mailbox.services.intake import MAX_ATTACHMENTS, LetterInput, validate_letter
from gongkai.orgs.models import Organ


class BaseForm(forms.Form):
    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class WriteForm(BaseForm):
    """写信: the channel's types; its required fields; consent to publication asked here."""

    letter_type = forms.ChoiceField(
        label="留言类型",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择留言类型。"},
    )
    title = forms.CharField(
        label="标题", max_length=100, error_messages={"required": "请填写标题。"}
    )
    body = forms.CharField(
        label="留言内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "请填写留言内容。"},
    )
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="查询办理情况时需要填写手机号码的后四位。",
        error_messages={"required": "请填写联系电话。"},
    )
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "请填写有效的电子邮箱地址。"},
    )
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    consent_publish = forms.BooleanField(
        label="同意在网站公开我的留言和答复（公开时隐去姓名、电话、证件号码、地址等个人信息）",
        required=False,
    )
    attachments = MultipleFileField(
        label="附件（选填）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif"}),
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = honeypot_field()

    def __init__(self, *args: Any, channel: Channel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        conf = gongkai_settings()
        field = cast(forms.ChoiceField, self.fields["letter_type"])
        field.choices = channel.type_choices
        if len(channel.type_choices) == 1:
            field.initial = channel.type_choices[0][0]
        self.fields[
            "body"
        ].help_text = (
            f"不超过{conf.MAILBOX_MAX_LETTER_CHARS}字。请写明事情的时间、地点、经过和诉求。"
        )
        self.fields["attachments"].help_text = (
            f"最多{MAX_ATTACHMENTS}个，每个不超过{conf.MAILBOX_MAX_ATTACHMENT_MB} MB；"
            "PDF、DOCX、XLSX、PNG、JPEG、GIF。"
        )
        self.fields["id_number"].required = channel.require_id_number
        self.fields["address"].required = channel.require_address

    def letter_input(self) -> LetterInput:
        cd = self.cleaned_data
        return LetterInput(
            letter_type=cd.get("letter_type") or "",
            title=cd.get("title") or "",
            body=cd.get("body") or "",
            name=cd.get("name") or "",
            phone=cd.get("phone") or "",
            id_number=cd.get("id_number") or "",
            email=cd.get("email") or "",
            address=cd.get("address") or "",
            consent_publish=bool(cd.get("consent_publish")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for name, message in validate_letter(self.channel, self.letter_input()).items():
                self.add_error(name if name in self.fields else None, message)
        files = data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            self.add_error("attachments", f"最多上传{MAX_ATTACHMENTS}个附件。")
        return data


class LookupForm(BaseForm):
    code = forms.CharField(
        label="查询码",
        max_length=16,
        help_text="提交留言后页面给出的12位查询码。",
        error_messages={"required": "请填写查询码。"},
    )
    tail = forms.RegexField(
        label="手机号码或身份证号码后四位",
        regex=r"^[0-9Xx]{4}$",
        error_messages={
            "required": "请填写手机号码或身份证号码的后四位。",
            "invalid": "请填写4位数字（身份证末位可以是X）。",
        },
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper().replace(" ", "")

    def clean_tail(self) -> str:
        return str(self.cleaned_data["tail"]).upper()


class RateForm(BaseForm):
    satisfaction = forms.ChoiceField(
        label="您对答复是否满意",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择满意度。"},
    )
    comment = forms.CharField(
        label="评价意见（选填）",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IndexFilter(BaseForm):
    q = forms.CharField(label="关键词", max_length=50, required=False)
    letter_type = forms.ChoiceField(
        label="类型", choices=[("", "全部"), *LetterType.choices], required=False
    )
    organ = forms.ModelChoiceField(
        label="办理机关", queryset=Organ.objects.none(), required=False, empty_label="全部"
    )
    month = forms.RegexField(
        label="留言月份",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": "月份应为“年-月”，例如 2026-03。"},
    )

    def __init__(self, *args: Any, organs: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organ"]).queryset = organs


class StatisticsFilter(BaseForm):
    organ = forms.ModelChoiceField(
        label="机关", queryset=Organ.objects.none(), required=False, empty_label="请选择"
    )
    month = forms.RegexField(
        label="月份",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": "月份应为“年-月”，例如 2026-03。"},
    )

    def __init__(self, *args: Any, organs: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organ"]).queryset = organs


# ----- back office -----------------------------------------------------------------------------


class ReasonForm(BaseForm):
    def __init__(self, *args: Any, label: str = "理由", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=label,
            max_length=300,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": f"请填写{label}。"},
        )


class EmptyForm(BaseForm):
    pass


class OrganForm(ReasonForm):
    def __init__(self, *args: Any, targets: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, label="转办理由", **kwargs)
        self.fields["organ"] = forms.ModelChoiceField(
            label="转至机关",
            queryset=targets.order_by("tree_key"),
            empty_label="请选择",
            error_messages={"required": "请选择转至机关。"},
        )
        self.order_fields(["organ", "reason"])


class DuplicateForm(BaseForm):
    def __init__(self, *args: Any, originals: QuerySet[Letter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original"] = forms.ModelChoiceField(
            label="与之重复的留言",
            queryset=Letter.objects.filter(pk__in=[o.pk for o in originals]),
            empty_label="请选择",
            error_messages={"required": "请选择与之重复的留言。"},
        )


class ReplyForm(BaseForm):
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "请填写答复内容。"},
    )


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="退回意见",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写退回意见。"},
    )


class ExtendForm(ReasonForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label="延期理由", **kwargs)
        maximum = gongkai_settings().MAILBOX_MAX_EXTENSION_WORKING_DAYS
        self.fields["days"] = forms.IntegerField(
            label="延长工作日数",
            min_value=1,
            max_value=maximum,
            error_messages={
                "required": "请填写延长的工作日数。",
                "min_value": "延长期限至少1个工作日。",
                "max_value": f"延长期限最多{maximum}个工作日。",
                "invalid": "请填写整数。",
            },
        )
        self.order_fields(["days", "reason"])
