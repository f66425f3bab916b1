"""Input of the 公报 pages: validation only, never writes."""

from __future__ import annotations

from django import forms

from gongkai.core.widgets import date_input
from gongkai.gazette.models import Section


class IssueForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=1949, max_value=2999)
    number = forms.IntegerField(label="期号（当年第几期）", min_value=1, max_value=366)
    total_number = forms.IntegerField(label="总期号（可不填）", min_value=1, required=False)
    # ISO in the value: a date input drops any other text, and zh-hans formats 2026/03/15.
    issued_on = forms.DateField(label="出版日期", widget=date_input())


class IssueEditForm(IssueForm):
    """修改期次信息 of a draft: the fields of 新建, and a new original if one is chosen."""

    original = forms.FileField(label="更换公报原版（PDF，可不选）", required=False)


class OriginalForm(forms.Form):
    original = forms.FileField(label="公报原版（PDF）")


class EntryAddForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    section = forms.ModelChoiceField(
        label="栏目", queryset=Section.objects.filter(active=True), empty_label=None
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    """检索公报 (public): words of the title or 文号, optionally one gazette and one year."""

    q = forms.CharField(label="标题或文号", max_length=50, required=False)
    organ = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(label="年份", required=False, min_value=1949, max_value=2999)
