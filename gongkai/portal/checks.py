"""Deployment checks of the portal (`gongkai check --deploy`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning

from gongkai.core.conf import gongkai_settings

_REQUIRED = {
    "SITE_SPONSOR": "主办单位",
    "SITE_ID_CODE": "政府网站标识码",
    "SITE_ICP": "ICP备案编号",
    "SITE_PSB": "公安机关备案号",
}


@register("gongkai", deploy=True)
def site_identity_configured(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """W201: the footer items 《政府网站发展指引》 requires are not all configured."""
    missing = [label for key, label in _REQUIRED.items() if not getattr(gongkai_settings(), key)]
    if not missing:
        return []
    return [
        CheckWarning(
            f"网站底部缺少{'、'.join(missing)}（《政府网站发展指引》要求在每个页面底部列明）。",
            hint="设置环境变量 GONGKAI_SITE_SPONSOR、GONGKAI_SITE_ID_CODE、GONGKAI_SITE_ICP、"
            "GONGKAI_SITE_PSB（见 gongkai/core/conf.py）。",
            id="portal.W201",
        )
    ]
