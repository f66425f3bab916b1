"""Input validation of the periodic disclosure pages (never writes; the services do)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from gongkai.core.widgets import date_input
from gongkai.periodic.models import DayKind, DueBasis, Frequency
from gongkai.periodic.rules import parse_schema

# ISO in the value: a date input drops any other text, and zh-hans formats 2026/03/15.
DATE = date_input()
MESSAGES = {"required": "此项为必填项。", "invalid": "格式不正确。"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, error_messages=MESSAGES)


class TemplateForm(forms.Form):
    """从模板新建: the template and the first period's date."""

    template = forms.ChoiceField(label="模板", error_messages=MESSAGES)
    starts_on = _date("起始日期")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = choices


class ScheduleForm(forms.Form):
    title = forms.CharField(label="公开事项", max_length=120, error_messages=MESSAGES)
    column = forms.TypedChoiceField(label="公开栏目", coerce=int, error_messages=MESSAGES)
    frequency = forms.ChoiceField(label="公开频次", choices=Frequency.choices)
    due_basis = forms.ChoiceField(label="期限起算", choices=DueBasis.choices)
    due_days = forms.IntegerField(
        label="期限天数", min_value=1, max_value=366, error_messages=MESSAGES
    )
    day_kind = forms.ChoiceField(label="天数计算", choices=DayKind.choices)
    trigger_label = forms.CharField(
        label="触发事项", max_length=40, required=False, help_text="如“预算批准”。"
    )
    basis = forms.CharField(label="依据", max_length=200, required=False)
    starts_on = _date("起始日期")
    schema = forms.CharField(
        label="数据结构",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一列：“列名：类型”，类型为文本、整数、小数或日期；含遮盖后个人信息的列加“：脱敏”。",
    )

    def __init__(self, *args: Any, columns: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["column"]).choices = columns

    def clean_schema(self) -> list[Any]:
        text = self.cleaned_data.get("schema", "")
        return parse_schema(text) if text.strip() else []


class TriggerForm(forms.Form):
    trigger_on = _date("触发日期")
    period_start = _date("周期", required=False)


class LinkForm(forms.Form):
    period_start = _date("周期")
    item = forms.IntegerField(
        label="公开目录信息编号",
        min_value=1,
        error_messages=MESSAGES,
        help_text="已发布信息在公开目录中的编号（信息页地址中的数字）。",
    )


class UploadForm(forms.Form):
    title = forms.CharField(label="数据标题", max_length=150, error_messages=MESSAGES)
    summary = forms.CharField(label="数据说明", max_length=300, required=False)
    file = forms.FileField(
        label="数据文件",
        error_messages={"required": "请选择 CSV 或 XLSX 文件。"},
        help_text="CSV（UTF-8 或 GBK 编码）或 Excel（XLSX），第一行为列名。",
    )
    schema = forms.CharField(
        label="数据结构",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="留空使用定期公开事项声明的数据结构。每行一列：“列名：类型[：脱敏]”。",
    )
    period_start = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_schema(self) -> list[Any]:
        text = self.cleaned_data.get("schema", "")
        return parse_schema(text) if text.strip() else []


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300, error_messages=MESSAGES)
