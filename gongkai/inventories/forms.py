"""Input validation of the lists' pages; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from gongkai.core.widgets import date_input
from gongkai.inventories import rules
from gongkai.inventories.models import (
    BASIS_LABEL,
    GUIDE_ELEMENTS,
    NAME_LABEL,
    Entry,
    Kind,
    ReviewConclusion,
    ServiceGuide,
)
from gongkai.inventories.services.guides import GuideFields
from gongkai.inventories.services.versions import EntryFields

DATE = date_input()


class EntryForm(forms.Form):
    """An entry of a list of `kind`: the fields of that kind only (`models.KIND_FIELDS`)."""

    name = forms.CharField(max_length=200)
    basis = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    power_type = forms.ChoiceField(label="事项类型", required=False)
    duties = forms.CharField(label="责任事项", required=False, widget=forms.Textarea({"rows": 3}))
    accountability = forms.CharField(
        label="追责情形", required=False, widget=forms.Textarea({"rows": 3})
    )
    audience = forms.CharField(label="服务对象", max_length=200, required=False)
    guide = forms.ModelChoiceField(
        label="办事指南", queryset=ServiceGuide.objects.none(), required=False
    )
    reason = forms.CharField(
        label="不予公开理由", required=False, widget=forms.Textarea({"rows": 3})
    )
    review_months = forms.IntegerField(
        label="复核周期（月）",
        required=False,
        min_value=1,
        max_value=120,
        help_text="留空使用平台默认周期。",
    )
    next_review_on = forms.DateField(
        label="下次复核日期", required=False, widget=DATE, help_text="留空按复核周期自今天起计算。"
    )

    KIND_FIELDS = {
        Kind.POWERS: ("name", "power_type", "basis", "duties", "accountability"),
        Kind.SERVICES: ("name", "audience", "basis", "guide"),
        Kind.NEGATIVE: ("name", "reason", "basis", "review_months", "next_review_on"),
    }

    def __init__(self, *args: Any, kind: str, organ_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in self.KIND_FIELDS[Kind(kind)]:
                del self.fields[name]
        self.order_fields(self.KIND_FIELDS[Kind(kind)])
        self.fields["name"].label = NAME_LABEL[Kind(kind)]
        self.fields["basis"].label = BASIS_LABEL[Kind(kind)]
        # Required is the service's to say (with its message); the form lets blanks through.
        self.fields["basis"].required = False
        if "power_type" in self.fields:
            field: Any = self.fields["power_type"]
            field.choices = [("", "请选择"), *((t, t) for t in rules.power_types())]
        if "guide" in self.fields:
            field = self.fields["guide"]
            field.queryset = ServiceGuide.objects.filter(organ_id=organ_id).order_by("title")
        if kind == Kind.NEGATIVE:
            self.fields["basis"].widget = forms.TextInput(attrs={"list": "clauses"})

    @staticmethod
    def initial_of(entry: Entry) -> dict[str, Any]:
        return {
            "name": entry.name,
            "basis": entry.basis,
            "power_type": entry.power_type,
            "duties": entry.duties,
            "accountability": entry.accountability,
            "audience": entry.audience,
            "guide": entry.guide_id,
            "reason": entry.reason,
            "review_months": entry.review_months,
            "next_review_on": entry.next_review_on,
        }

    def to_fields(self) -> EntryFields:
        data = self.cleaned_data
        guide = data.get("guide")
        return EntryFields(
            name=data.get("name", ""),
            basis=data.get("basis", ""),
            power_type=data.get("power_type", ""),
            duties=data.get("duties", ""),
            accountability=data.get("accountability", ""),
            audience=data.get("audience", ""),
            guide_id=guide.pk if guide is not None else None,
            reason=data.get("reason", ""),
            review_months=data.get("review_months"),
            next_review_on=data.get("next_review_on"),
        )


class PublishForm(forms.Form):
    change_log = forms.CharField(
        label="修订说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="第2版起必填：说明新增、删除、修改了哪些事项及理由。",
    )


class GuideForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=200)
    online_url = forms.CharField(label="网上办理地址", max_length=200, required=False)
    note = forms.CharField(
        label="修订说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="修改已有的办事指南时必填。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in GUIDE_ELEMENTS:
            field = ServiceGuide._meta.get_field(name)
            long = isinstance(field, models.TextField)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=None if long else getattr(field, "max_length", None),
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
            )
        self.order_fields(["title", *(n for n, _ in GUIDE_ELEMENTS), "online_url", "note"])

    @staticmethod
    def initial_of(guide: ServiceGuide) -> dict[str, Any]:
        return {name: getattr(guide, name) for name in GuideFields.__dataclass_fields__}

    def to_fields(self) -> GuideFields:
        data = self.cleaned_data
        return GuideFields(
            **{name: data.get(name, "") for name in GuideFields.__dataclass_fields__}
        )


class ReviewForm(forms.Form):
    conclusion = forms.ChoiceField(label="复核结论", choices=ReviewConclusion.choices)
    note = forms.CharField(label="复核意见", widget=forms.Textarea(attrs={"rows": 3}))
    reviewed_on = forms.DateField(label="复核日期", widget=DATE)
    next_review_on = forms.DateField(
        label="下次复核日期", required=False, widget=DATE, help_text="留空按复核周期计算。"
    )
