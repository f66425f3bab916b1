"""Input validation of the assessment pages only; the services write (and check again)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.assessment.models import Kind, Rule
from gongkai.orgs.models import Organ


class OrganChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SchemeForm(forms.Form):
    organ = OrganChoice(label="考核机关（公开办）", queryset=Organ.objects.none())
    year = forms.IntegerField(label="考核年度", min_value=2008, max_value=2100)

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organ"]
        field.queryset = Organ.objects.filter(pk__in=[o.pk for o in organs]).order_by("tree_key")


class IndicatorForm(forms.Form):
    code = forms.CharField(label="编号", max_length=16)
    category = forms.CharField(label="类别", max_length=60, required=False)
    name = forms.CharField(label="指标", max_length=200)
    max_points = forms.DecimalField(label="分值", min_value=0, max_digits=6, decimal_places=2)
    kind = forms.ChoiceField(label="计分方式", choices=Kind.choices)
    formula = forms.CharField(
        label="数据项或公式",
        max_length=300,
        required=False,
        help_text="例如 applications.on_time_rate，或 min(mailbox.answer_rate, 1) * 0.5。",
    )
    rule = forms.ChoiceField(
        label="计分规则", choices=[("", "（人工评分）"), *Rule.choices], required=False
    )
    full_at = forms.DecimalField(label="满分点（区间线性）", required=False)
    zero_at = forms.DecimalField(label="零分点（区间线性）", required=False)
    per = forms.DecimalField(label="每项扣分", required=False)
    minimum = forms.DecimalField(label="达标值", required=False)
    on_empty = forms.ChoiceField(
        label="本年度无此类事项时",
        choices=[("missing", "显示缺数据，待补录"), ("full", "得满分")],
        required=False,
    )
    description = forms.CharField(
        label="评分标准", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def params(self) -> dict[str, Any]:
        cd = self.cleaned_data
        out: dict[str, Any] = {}
        for key, name in (
            ("full_at", "full_at"),
            ("zero_at", "zero_at"),
            ("per", "per"),
            ("minimum", "min"),
        ):
            if cd.get(key) is not None:
                out[name] = str(cd[key])
        if cd.get("on_empty"):
            out["on_empty"] = cd["on_empty"]
        return out


class EnterForm(forms.Form):
    value = forms.DecimalField(label="数值或得分", max_digits=14, decimal_places=4)
    evidence = forms.CharField(
        label="佐证材料", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    link = forms.CharField(label="佐证链接", max_length=500, required=False)


class AdjustForm(forms.Form):
    delta = forms.DecimalField(label="调整分值（扣分填负数）", max_digits=6, decimal_places=2)
    reason = forms.CharField(
        label="调整理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", max_length=500, required=False)
