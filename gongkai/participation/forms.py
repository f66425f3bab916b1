"""Forms of 公众参与: input validation only, in Chinese; every write goes through a service, and
the services check again (the form and the service ask the same rules)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from gongkai.catalog.models import Item
from gongkai.core.formguard import honeypot_field
from gongkai.core.widgets import date_input
from gongkai.orgs.models import Organ
from gongkai.participation.models import (
    CommentChannel,
    ConsultationKind,
    Decision,
    FeedbackGroup,
    OpinionLevel,
    ProposalKind,
    QuestionKind,
    ReplyDisclosure,
    Survey,
)

DATE = date_input()
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期格式应为“年-月-日”，例如 2026-03-01。"}
DATETIME_ERRORS = {
    "required": "请填写时间。",
    "invalid": "时间格式应为“年-月-日 时:分”，例如 2026-03-01 09:30。",
}


class BaseForm(forms.Form):
    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _date(label: str, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, error_messages=DATE_ERRORS, **kw)


def _datetime(label: str, **kw: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages=DATETIME_ERRORS,
        **kw,
    )


class OrganChoiceForm(BaseForm):
    def __init__(self, *args: Any, organs: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"] = forms.ModelChoiceField(
            label="机关",
            queryset=organs,
            empty_label=None,
            error_messages={"required": "请选择机关。", "invalid_choice": "请选择机关。"},
        )
        self.order_fields(["organ"])


# ---- public ---------------------------------------------------------------------------------


class CommentForm(BaseForm):
    body = forms.CharField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。"},
    )
    name = forms.CharField(label="姓名或单位（选填）", max_length=100, required=False)
    contact = forms.CharField(
        label="联系方式（选填，不公开）",
        max_length=100,
        required=False,
        help_text="便于我们就您的意见进一步沟通，不会在网站上显示。",
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = honeypot_field()


# ---- back office: consultations ---------------------------------------------------------------


class ConsultationForm(OrganChoiceForm):
    kind = forms.ChoiceField(
        label="类别",
        choices=ConsultationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择类别。"},
    )
    title = forms.CharField(
        label="标题", max_length=200, error_messages={"required": "请填写标题。"}
    )
    draft_text = forms.CharField(
        label="征求意见稿正文", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    attachment = forms.FileField(label="征求意见稿附件（选填）", required=False)
    explanation = forms.CharField(
        label="起草说明",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "请填写起草说明。"},
    )
    starts_on = _date("开始日期")
    ends_on = _date("截止日期")
    shortened_reason = forms.CharField(
        label="缩短期限的理由（重大行政决策少于规定期限时必填）", max_length=300, required=False
    )
    contact = forms.CharField(
        label="意见反馈方式（信函地址、电子邮箱）", max_length=300, required=False
    )


class EditConsultationForm(BaseForm):
    """修改草稿: the fields of `ConsultationForm` but the organ and the attachment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = ConsultationForm(organs=Organ.objects.none())
        for name in (
            "kind",
            "title",
            "draft_text",
            "explanation",
            "starts_on",
            "ends_on",
            "shortened_reason",
            "contact",
        ):
            self.fields[name] = source.fields[name]


class RecordCommentForm(BaseForm):
    channel = forms.ChoiceField(
        label="来源",
        choices=[c for c in CommentChannel.choices if c[0] != CommentChannel.ONLINE],
        error_messages={"required": "请选择来源。"},
    )
    received_on = _date("收到日期")
    name = forms.CharField(label="姓名或单位", max_length=100, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False)
    body = forms.CharField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写意见内容。"},
    )


class ModerateForm(BaseForm):
    comment_id = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "缺少意见编号。"}
    )
    show = forms.TypedChoiceField(
        label="审核结果",
        choices=[("1", "公开显示"), ("0", "不予显示")],
        coerce=lambda v: v == "1",
        error_messages={"required": "请选择审核结果。"},
    )
    reason = forms.CharField(label="不予显示理由", max_length=300, required=False)


class GroupForm(BaseForm):
    topic = forms.CharField(
        label="意见归类", max_length=200, error_messages={"required": "请填写意见归类。"}
    )
    decision = forms.ChoiceField(
        label="采纳情况", choices=Decision.choices, error_messages={"required": "请选择采纳情况。"}
    )
    reason = forms.CharField(
        label="理由或说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    comment_ids = forms.TypedMultipleChoiceField(
        label="归入的意见", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, comments: list[tuple[int, str]] | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        cast(forms.TypedMultipleChoiceField, self.fields["comment_ids"]).choices = comments or []


class AssignForm(BaseForm):
    def __init__(
        self,
        *args: Any,
        groups: QuerySet[FeedbackGroup] | None = None,
        comments: list[tuple[int, str]] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["group"] = forms.ModelChoiceField(
            label="归入",
            queryset=groups if groups is not None else FeedbackGroup.objects.none(),
            empty_label="请选择",
            error_messages={"required": "请选择归类。"},
        )
        self.fields["comment_ids"] = forms.TypedMultipleChoiceField(
            label="意见",
            coerce=int,
            choices=comments or [],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "请选择意见。"},
        )


class FeedbackForm(BaseForm):
    summary = forms.CharField(
        label="采纳情况总体说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写采纳情况总体说明。"},
    )


class ItemLinkForm(BaseForm):
    def __init__(self, *args: Any, items: QuerySet[Item] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["item"] = forms.ModelChoiceField(
            label="正式文件",
            queryset=items if items is not None else Item.objects.none(),
            required=False,
            empty_label="（不关联）",
        )


class EmptyForm(BaseForm):
    pass


# ---- back office: surveys, proposals, 舆情 -----------------------------------------------------


class SurveyForm(OrganChoiceForm):
    title = forms.CharField(
        label="标题", max_length=200, error_messages={"required": "请填写标题。"}
    )
    intro = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = _date("开始日期")
    ends_on = _date("截止日期")


class QuestionForm(BaseForm):
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    text = forms.CharField(
        label="题目", max_length=300, error_messages={"required": "请填写题目。"}
    )
    choices = forms.CharField(
        label="选项（每行一个）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)


class ProposalForm(OrganChoiceForm):
    kind = forms.ChoiceField(label="类别", choices=ProposalKind.choices)
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "请填写四位年份。"},
    )
    number = forms.CharField(
        label="编号", max_length=40, error_messages={"required": "请填写编号。"}
    )
    title = forms.CharField(
        label="标题", max_length=300, error_messages={"required": "请填写标题。"}
    )
    proposer = forms.CharField(
        label="提出人", max_length=200, error_messages={"required": "请填写提出人。"}
    )
    assigned_on = _date("交办日期")
    complex_matter = forms.BooleanField(
        label="涉及面广、处理难度大（答复期限六个月）", required=False
    )

    def __init__(self, *args: Any, organs: QuerySet[Organ], **kw: Any) -> None:
        super().__init__(*args, organs=organs, **kw)
        self.fields["organ"].label = "主办单位"
        self.fields["co_organs"] = forms.ModelMultipleChoiceField(
            label="协办单位", queryset=Organ.objects.order_by("tree_key"), required=False
        )


class ReplyForm(BaseForm):
    replied_on = _date("答复日期")
    disclosure = forms.ChoiceField(
        label="复文公开方式",
        choices=ReplyDisclosure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择复文公开方式。"},
    )
    summary = forms.CharField(
        label="复文摘要（摘要公开时必填）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, items: QuerySet[Item] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["item"] = forms.ModelChoiceField(
            label="办理复文（目录中的信息）",
            queryset=items if items is not None else Item.objects.none(),
            required=False,
            empty_label="（无）",
        )


class OpinionForm(OrganChoiceForm):
    topic = forms.CharField(
        label="舆情事项", max_length=200, error_messages={"required": "请填写舆情事项。"}
    )
    source = forms.CharField(
        label="来源", max_length=200, error_messages={"required": "请填写来源。"}
    )
    level = forms.ChoiceField(label="级别", choices=OpinionLevel.choices)
    noticed_at = _datetime("发现时间")


class RespondForm(BaseForm):
    responded_at = _datetime("回应时间")
    url = forms.URLField(
        label="回应链接",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "请填写有效的网址。"},
    )
    note = forms.CharField(label="回应方式说明", max_length=300, required=False)
    press_at = _datetime("新闻发布会时间（特别重大、重大舆情）", required=False)

    def __init__(self, *args: Any, items: QuerySet[Item] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["item"] = forms.ModelChoiceField(
            label="回应关切栏目中的文章",
            queryset=items if items is not None else Item.objects.none(),
            required=False,
            empty_label="（无）",
        )


def survey_form_fields(survey: Survey) -> list[dict[str, Any]]:
    """The questions as the answer page draws them (no Django form: the fields are data)."""
    return [
        {"key": f"q{q.pk}", "q": q, "choices": list(enumerate(q.choices))}
        for q in survey.questions.all()
    ]
