"""Backend selection from `settings.SEARCH_BACKENDS` (like Django's CACHES/DATABASES handlers)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from gongkai.search.base import BaseSearchBackend

log = logging.getLogger("gongkai.search")

BACKEND_ALIASES = {
    "tantivy": "gongkai.search.tantivy.TantivyBackend",
    "postgres": "gongkai.search.postgres.PostgresBackend",
    "dummy": "gongkai.search.dummy.DummyBackend",
    "database": "gongkai.search.database.DatabaseBackend",
}

_lock = threading.Lock()
_backends: dict[str, BaseSearchBackend] = {}
_rebuild_requested: set[str] = set()


def backend_config(alias: str = "default") -> dict[str, Any]:
    configs = getattr(settings, "SEARCH_BACKENDS", None) or {
        "default": {"BACKEND": BACKEND_ALIASES["tantivy"]}
    }
    return dict(configs[alias])


def load_backend(path: str, options: dict[str, Any] | None = None) -> BaseSearchBackend:
    cls = import_string(BACKEND_ALIASES.get(path, path))
    backend: BaseSearchBackend = cls(options or {})
    return backend


def get_backend(alias: str = "default") -> BaseSearchBackend:
    """The configured backend (one instance per process and alias)."""
    with _lock:
        if alias not in _backends:
            config = backend_config(alias)
            _backends[alias] = load_backend(config["BACKEND"], config.get("OPTIONS"))
        return _backends[alias]


def reset_backends() -> None:
    with _lock:
        _backends.clear()
        _rebuild_requested.clear()


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "SEARCH_BACKENDS":
        reset_backends()


def reading_backend(alias: str = "default") -> BaseSearchBackend:
    """The backend to answer a query with: the index when ready, else the database.

    A missing, corrupt or outdated index is rebuilt by the task worker (requested once per
    process, with a log line); meanwhile readers get correct, slower answers from the database.
    """
    from gongkai.search.database import DatabaseBackend

    backend = get_backend(alias)
    try:
        ready = backend.is_ready()
    except Exception:
        log.exception("检索索引不可用，暂由数据库应答。")
        ready = False
    if ready:
        return backend
    if alias not in _rebuild_requested:
        _rebuild_requested.add(alias)
        log.warning("检索索引未就绪（缺失、损坏或版本变化），已安排重建；重建完成前由数据库应答。")
        try:
            from gongkai.search.tasks import rebuild_index

            rebuild_index.enqueue()
        except Exception:
            log.exception("无法安排检索索引重建任务，请执行 gongkai search reindex。")
    return DatabaseBackend()
