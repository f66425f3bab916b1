"""Input validation of the site form; the service checks the rules again and writes."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.orgs.models import Organ
from gongkai.sites import rules
from gongkai.sites.models import Layout, Site
from gongkai.sites.services import HOME_KINDS, SiteFields


class SiteForm(forms.Form):
    name = forms.CharField(label="网站名称", max_length=100)
    root_organ = forms.ModelChoiceField(
        label="主办机关",
        queryset=Organ.objects.none(),
        help_text="网站展示该机关及其下属机关的公开信息。",
    )
    hosts = forms.CharField(
        label="域名",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个，如 jyj.example.gov.cn；第一个为网站的主域名。不含 http:// 和端口。",
    )
    sponsor = forms.CharField(label="主办单位", max_length=100, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False)
    id_code = forms.CharField(label="网站标识码", max_length=10, required=False)
    icp = forms.CharField(label="ICP备案号", max_length=60, required=False)
    psb = forms.CharField(label="公安机关备案号", max_length=60, required=False)
    colour = forms.ChoiceField(
        label="主题色",
        choices=[(value, f"{name}（{value}）") for value, name in rules.PALETTE],
        help_text="只提供与白色文字对比度不低于 4.5:1 的颜色（无障碍 AA 级）。",
    )
    layout = forms.ChoiceField(label="首页版式", choices=Layout.choices)
    home_kinds = forms.MultipleChoiceField(
        label="首页栏目",
        choices=HOME_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则显示全部栏目。",
    )
    is_primary = forms.BooleanField(label="主站（门户网站）", required=False)

    def __init__(self, *args: Any, organs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root: Any = self.fields["root_organ"]
        root.queryset = organs

    @staticmethod
    def initial_of(site: Site) -> dict[str, Any]:
        return {
            "name": site.name,
            "root_organ": site.root_organ_id,
            "hosts": "\n".join(h.host for h in site.hosts.order_by("pk")),
            "sponsor": site.sponsor,
            "contact": site.contact,
            "id_code": site.id_code,
            "icp": site.icp,
            "psb": site.psb,
            "colour": site.colour,
            "layout": site.layout,
            "home_kinds": list(site.home_kinds or []),
            "is_primary": site.is_primary,
        }

    def site_fields(self) -> SiteFields:
        data = self.cleaned_data
        return SiteFields(
            name=data["name"],
            root_organ=data["root_organ"],
            hosts=tuple(line.strip() for line in data["hosts"].splitlines() if line.strip()),
            sponsor=data["sponsor"],
            contact=data["contact"],
            id_code=data["id_code"],
            icp=data["icp"],
            psb=data["psb"],
            colour=data["colour"],
            layout=data["layout"],
            home_kinds=tuple(data["home_kinds"]),
            is_primary=data["is_primary"],
        )
