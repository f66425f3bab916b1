"""Forms of the accounts pages (公开办管理员): input only; the services in
`gongkai.orgs.services` validate what needs the database and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from gongkai.orgs.models import Organ, Role

BLANK_GENERATES_HELP = "留空则由系统随机生成，保存后只显示一次。设定的密码须符合系统的密码规则。"


def organ_choices(organs: Sequence[Organ]) -> list[tuple[str, str]]:
    """Organs in tree order, indented by their depth below the topmost one."""
    top = min((o.depth for o in organs), default=0)
    return [(str(o.pk), "\u3000" * (o.depth - top) + o.name) for o in organs]


class _OrganForm(forms.Form):
    organ = forms.ChoiceField(label="机关", error_messages={"required": "请选择机关。"})

    def __init__(self, *args: Any, organs: Sequence[Organ], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organs = {o.pk: o for o in organs}
        cast(forms.ChoiceField, self.fields["organ"]).choices = organ_choices(organs)

    def clean_organ(self) -> Organ:
        raw = self.cleaned_data["organ"]
        organ = self.organs.get(int(raw)) if str(raw).isdigit() else None
        if organ is None:
            raise forms.ValidationError("请选择您管理的机关。")
        return organ


class AccountCreateForm(_OrganForm):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        help_text="登录时使用，建议用姓名拼音，如 zhangwei；创建后不能修改。",
        error_messages={"required": "请填写用户名。"},
    )
    full_name = forms.CharField(
        label="姓名", max_length=150, error_messages={"required": "请填写姓名。"}
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="用于接收待办提醒，可不填。",
        error_messages={"invalid": "电子邮箱格式不正确。"},
    )
    roles = forms.MultipleChoiceField(
        label="岗位",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个岗位。"},
    )
    password = forms.CharField(
        label="初始密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=BLANK_GENERATES_HELP,
    )

    field_order = ["organ", "username", "full_name", "email", "roles", "password"]


class AccountChangeForm(forms.Form):
    full_name = forms.CharField(
        label="姓名", max_length=150, error_messages={"required": "请填写姓名。"}
    )
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不正确。"}
    )


class GrantForm(_OrganForm):
    role = forms.ChoiceField(
        label="岗位", choices=Role.choices, error_messages={"required": "请选择岗位。"}
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="新密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=BLANK_GENERATES_HELP,
    )
