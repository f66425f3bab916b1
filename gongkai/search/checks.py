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
    """E101: a backend (the default or the fallback) cannot be loaded; W102: one reports a
    problem."""
    if app_configs is not None and not any(a.label == "search" for a in app_configs):
        return []
    from gongkai.search.handler import search_backends

    problems: list[CheckMessage] = []
    for alias in search_backends:
        try:
            backend = search_backends.create_connection(alias)
        except Exception as exc:  # noqa: BLE001 - report any configuration error as a check
            problems.append(
                Error(
                    f"检索后端 {alias} 无法加载：{exc}",
                    hint="检查 SEARCH_BACKENDS 设置或环境变量 GONGKAI_SEARCH_BACKEND。",
                    id="search.E101",
                )
            )
            continue
        problems += [
            CheckWarning(problem, hint="运行 gongkai search reindex。", id="search.W102")
            for problem in backend.check()
        ]
    return problems
