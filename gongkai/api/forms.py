"""Input of the token pages (validation only; `services.token_create` writes)."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.api.services import MAX_DAYS


class TokenForm(forms.Form):
    required_css_class = "required"
    error_css_class = "has-error"

    name = forms.CharField(
        label="名称（用途）",
        max_length=60,
        help_text="例如“两微一端同步”“旧网站迁移”，便于日后识别和吊销。",
        error_messages={"required": "请填写令牌名称（用途）。"},
    )
    days = forms.IntegerField(
        label="有效天数",
        min_value=1,
        max_value=MAX_DAYS,
        initial=90,
        help_text=f"到期后令牌自动失效，最长{MAX_DAYS}天。",
        error_messages={
            "required": "请填写有效天数。",
            "invalid": "有效天数应为整数。",
            "min_value": "有效天数至少为1天。",
            "max_value": f"有效天数不能超过{MAX_DAYS}天。",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
