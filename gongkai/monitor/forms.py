"""Input validation of the monitor's staff pages (never writes)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.monitor.models import ColumnKind, Platform, SiteKind
from gongkai.orgs.models import Organ


class SiteForm(forms.Form):
    organ = forms.ModelChoiceField(queryset=Organ.objects.none(), label="主办机关")
    name = forms.CharField(label="网站名称", max_length=100)
    base_url = forms.CharField(
        label="首页地址", max_length=300, help_text="如 https://www.example.gov.cn/"
    )
    kind = forms.ChoiceField(label="网站类型", choices=SiteKind.choices)
    platform = forms.ChoiceField(
        label="建设方式",
        choices=Platform.choices,
        help_text="本平台建设的网站，栏目和日期直接读取本平台数据，并核对页面与审核通过的版本。",
    )
    id_code = forms.CharField(label="政府网站标识码", max_length=10, required=False)
    max_pages = forms.IntegerField(
        label="每次最多抓取页数", min_value=1, max_value=20000, initial=300
    )
    alert_emails = forms.CharField(
        label="告警邮箱", max_length=500, required=False, help_text="多个邮箱用逗号分隔。"
    )
    active = forms.BooleanField(label="监测中", required=False, initial=True)

    def __init__(self, *args: Any, organs: list[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organ"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Organ.objects.filter(pk__in=[o.pk for o in organs]).order_by(
                "tree_key"
            )


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=60)
    kind = forms.ChoiceField(label="栏目类型", choices=ColumnKind.choices)
    url = forms.CharField(label="栏目地址", max_length=500, required=False)
    first_level = forms.BooleanField(label="一级栏目", required=False, initial=True)
    window_days = forms.IntegerField(
        label="更新时限（天）",
        min_value=1,
        max_value=3660,
        required=False,
        help_text="留空：按检查指标（动态要闻14天，通知公告、政策文件6个月）。",
    )
