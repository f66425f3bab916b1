"""System checks for the search configuration (run by `gongkai check`, `migrate`, …)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register
from django.core.checks import Warning as CheckWarning


@register("gongkai")
def search_backend_configured(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """E101: backend cannot be loaded; W102: backend reports a problem."""
    if app_configs is not None and not any(a.label == "search" for a in app_configs):
        return []
    from gongkai.search.handler import backend_config, load_backend

    try:
        config = backend_config()
        backend = load_backend(config["BACKEND"], config.get("OPTIONS"))
    except Exception as exc:  # noqa: BLE001 - report any configuration error as a check
        return [
            Error(
                f"检索后端无法加载：{exc}",
                hint="检查 SEARCH_BACKENDS 设置或环境变量 GONGKAI_SEARCH_BACKEND。",
                id="search.E101",
            )
        ]
    return [
        CheckWarning(problem, hint="运行 gongkai search reindex。", id="search.W102")
        for problem in backend.check()
    ]
