"""Input validation of the register and draw pages (never writes; the services do)."""

from __future__ import annotations

from django import forms

from gongkai.core.widgets import date_input
from gongkai.registers.method import MAX_MEMBERS
from gongkai.registers.models import CheckKind, Outcome, PoolKind, Proposal

DATE = date_input()
MESSAGES = {"required": "此项为必填项。", "invalid": "格式不正确。"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, error_messages=MESSAGES)


class SeriesForm(forms.Form):
    agency = forms.CharField(label="规范性文件代字", max_length=20, error_messages=MESSAGES)
    template = forms.CharField(
        label="编号格式",
        max_length=60,
        required=False,
        help_text="令牌 {agency} {year} {serial}；留空使用默认格式 {agency}〔{year}〕{serial}号。",
    )


class EntryForm(forms.Form):
    item = forms.IntegerField(
        label="公开目录信息编号",
        min_value=1,
        error_messages=MESSAGES,
        help_text="政策文件在公开目录中的编号（信息页地址中的数字）。",
    )
    number = forms.CharField(
        label="登记编号",
        max_length=60,
        required=False,
        help_text="留空按本机关编号序列自动编号；补登历史文件时按格式填写。",
    )
    validity_years = forms.IntegerField(
        label="有效期（年）", min_value=1, max_value=50, required=False, error_messages=MESSAGES
    )


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label="记录类型", choices=CheckKind.choices)
    held_on = _date("日期")
    body = forms.CharField(label="审核机构/会议/备案机关", max_length=100, error_messages=MESSAGES)
    conclusion = forms.CharField(label="意见或结论", widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    signed_on = _date("签发日期")
    effective_on = _date("施行日期", required=False)


class RenewForm(forms.Form):
    years = forms.IntegerField(
        label="延续年限", min_value=1, max_value=50, required=False, error_messages=MESSAGES
    )
    reason = forms.CharField(
        label="理由（评估结论）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label="清理名称", max_length=120, error_messages=MESSAGES)
    basis = forms.CharField(
        label="清理依据", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = _date("提出意见截止日期", required=False)


class ProposeForm(forms.Form):
    line = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    proposal = forms.ChoiceField(
        label="清理意见", choices=[("", "请选择"), *Proposal.choices], required=False
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PoolForm(forms.Form):
    organ = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="类型", choices=PoolKind.choices)
    name = forms.CharField(label="名录库名称", max_length=100, error_messages=MESSAGES)
    text = forms.CharField(
        label="成员（每行一条：编码 名称）",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_MEMBERS * 80,
        error_messages=MESSAGES,
    )


class DrawForm(forms.Form):
    title = forms.CharField(label="抽查事项", max_length=150, error_messages=MESSAGES)
    subjects = forms.IntegerField(label="检查对象名录库", error_messages=MESSAGES)
    inspectors = forms.IntegerField(label="执法检查人员名录库", error_messages=MESSAGES)
    subject_count = forms.IntegerField(
        label="抽取检查对象数", min_value=1, max_value=10000, error_messages=MESSAGES
    )
    inspectors_per_subject = forms.IntegerField(
        label="每个对象匹配检查人员数",
        min_value=1,
        max_value=20,
        initial=2,
        error_messages=MESSAGES,
    )


class PerformForm(forms.Form):
    public_value = forms.CharField(
        label="公开随机值（可选）",
        max_length=100,
        required=False,
        help_text="公告之后才产生的公开数值，如抽取当日的彩票开奖号码；与种子共同决定结果。",
    )


class OutcomeForm(forms.Form):
    result = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="检查结果", choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )
    on = _date("检查日期", required=False)
    note = forms.CharField(label="结果说明", required=False, max_length=2000)


class VerifyForm(forms.Form):
    """The public re-run: pools and seed as published (or altered by whoever checks)."""

    subjects_text = forms.CharField(
        label="检查对象名录",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_MEMBERS * 80,
        error_messages=MESSAGES,
    )
    inspectors_text = forms.CharField(
        label="检查人员名录",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_MEMBERS * 80,
        error_messages=MESSAGES,
    )
    seed = forms.CharField(label="随机种子", max_length=64, error_messages=MESSAGES)
    public_value = forms.CharField(label="公开随机值", max_length=100, required=False)
