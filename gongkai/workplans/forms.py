"""Input validation of the work-plan pages only; the services write (and check again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.widgets import date_input
from gongkai.orgs.models import Organ
from gongkai.workplans.models import PlanSource


class OrganChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        depth = max(len(obj.tree_key) // 4 - 1, 0)
        return "　" * depth + obj.name


class OrganMultiChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ImportForm(forms.Form):
    organ = OrganChoice(label="制定机关（公开办）", queryset=Organ.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=200, required=False)
    source = forms.ChoiceField(label="来源", choices=PlanSource.choices)
    doc_number = forms.CharField(label="文号", max_length=80, required=False)
    text = forms.CharField(
        label="工作要点全文",
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="粘贴全文；条目以“一、”“（一）”“一是”开头，责任单位写在条目后的括号内。",
    )
    file = forms.FileField(label="或上传 DOCX / TXT 文件", required=False)

    def __init__(self, *args: Any, organs: QuerySet[Organ] | list[Organ], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in organs]
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=ids).order_by("tree_key")  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    title = forms.CharField(label="任务", max_length=300)
    organ = OrganChoice(label="牵头单位", queryset=Organ.objects.none())
    co_organs = OrganMultiChoice(label="配合单位", queryset=Organ.objects.none(), required=False)
    deadline = forms.DateField(label="完成时限", widget=date_input())
    description = forms.CharField(
        label="工作内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outputs = forms.CharField(
        label="预期成果", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.CharField(label="佐证指标", max_length=300, required=False)

    def __init__(self, *args: Any, targets: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The lists show `targets`; any organ validates here, and the service refuses one outside
        # the subtree with its own message (the chooser is never the guard).
        every = Organ.objects.order_by("tree_key")
        offered = list(targets.order_by("tree_key"))
        organ: Any = self.fields["organ"]
        co: Any = self.fields["co_organs"]
        organ.queryset = co.queryset = every
        organ.widget.choices = [("", "---------")] + [
            (str(o.pk), organ.label_from_instance(o)) for o in offered
        ]
        co.widget.choices = [(str(o.pk), o.name) for o in offered]


class ReportForm(forms.Form):
    text = forms.CharField(
        label="进展情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    links = forms.CharField(
        label="佐证信息链接（每行一条，本平台已发布信息，如 /item/123/）",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_links(self) -> list[str]:
        raw = self.cleaned_data.get("links") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmptyForm(forms.Form):
    pass


# ---- 督查 -----------------------------------------------------------------------------------


class RoundForm(forms.Form):
    organ = OrganChoice(label="组织机关（公开办）", queryset=Organ.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="督查名称", max_length=200)
    scope = forms.CharField(
        label="督查范围和内容",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label="开始日期", widget=date_input())
    ends_on = forms.DateField(label="结束日期", widget=date_input())
    organs = OrganMultiChoice(
        label="被督查机关",
        queryset=Organ.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, offices: list[Organ], targets: QuerySet[Organ], **kwargs: Any
    ) -> None:
        first = min(offices, key=lambda o: o.tree_key) if offices else None
        kwargs.setdefault("initial", {"year": timezone.localdate().year, "organ": first})
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in offices]
        self.fields["organ"].queryset = Organ.objects.filter(pk__in=ids).order_by("tree_key")  # type: ignore[attr-defined]
        # Any organ validates here; the service refuses one outside the organiser's subtree
        # with its own message (the list offers the subtrees; it is never the guard).
        organs: Any = self.fields["organs"]
        organs.queryset = Organ.objects.order_by("tree_key")
        organs.widget.choices = [(str(o.pk), o.name) for o in targets.order_by("tree_key")]


class OrgansForm(forms.Form):
    organs = OrganMultiChoice(
        label="被督查机关", queryset=Organ.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, targets: QuerySet[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs: Any = self.fields["organs"]
        organs.queryset = Organ.objects.order_by("tree_key")
        organs.widget.choices = [(str(o.pk), o.name) for o in targets.order_by("tree_key")]


class TemplateLinesForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label="督查要点模板", choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongkai.workplans.checklist import template_lines

        super().__init__(*args, **kwargs)
        codes: Any = self.fields["codes"]
        codes.choices = [(x.code, f"{x.text}（{x.basis}）") for x in template_lines()]


class LineForm(forms.Form):
    text = forms.CharField(label="督查内容", max_length=300)
    basis = forms.CharField(label="依据", max_length=300, required=False)


class FindingForm(forms.Form):
    organ = forms.TypedChoiceField(label="被督查机关", coerce=int, choices=())
    line = forms.TypedChoiceField(
        label="督查要点", coerce=int, choices=(), required=False, empty_value=None
    )
    problem = forms.CharField(
        label="发现的问题", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirement = forms.CharField(
        label="整改要求", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Not required here: the service refuses a finding without 整改期限 with its own message.
    deadline = forms.DateField(label="整改期限", required=False, widget=date_input())

    def __init__(self, *args: Any, organs: list[Organ], lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organ: Any = self.fields["organ"]
        line: Any = self.fields["line"]
        organ.choices = [("", "---------")] + [(o.pk, o.name) for o in organs]
        line.choices = [("", "（不对应具体要点）")] + [(x.pk, x.text) for x in lines]


class RectifyForm(forms.Form):
    text = forms.CharField(
        label="整改情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    links = forms.CharField(
        label="佐证信息链接（每行一条，本平台已发布信息，如 /item/123/）",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_links(self) -> list[str]:
        raw = self.cleaned_data.get("links") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]
