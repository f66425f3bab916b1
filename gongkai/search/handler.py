"""The search backends of `settings.SEARCH_BACKENDS`, handled like Django's `CACHES` and `TASKS`.

`search_backends[alias]` is an alias's backend and `search_backend` proxies the default one.
The `fallback` alias names the backend that answers while the default one is not ready (its
index missing, corrupt, outdated or being rebuilt): the database unless the settings say
otherwise. `BACKEND` is a dotted path or one of `BACKEND_ALIASES`.
"""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.connection import BaseConnectionHandler, ConnectionProxy
from django.utils.module_loading import import_string

from gongkai.search.base import BaseSearchBackend

log = logging.getLogger("gongkai.search")

DEFAULT_ALIAS = "default"
FALLBACK_ALIAS = "fallback"

BACKEND_ALIASES = {
    "tantivy": "gongkai.search.tantivy.TantivyBackend",
    "postgres": "gongkai.search.postgres.PostgresBackend",
    "dummy": "gongkai.search.dummy.DummyBackend",
    "database": "gongkai.search.database.DatabaseBackend",
}

#: What an alias left out of `SEARCH_BACKENDS` means.
DEFAULT_BACKENDS: dict[str, dict[str, Any]] = {
    DEFAULT_ALIAS: {"BACKEND": "tantivy"},
    FALLBACK_ALIAS: {"BACKEND": "database"},
}


class InvalidSearchBackend(ImproperlyConfigured):
    """An alias that is not configured, or a backend that cannot be imported."""


def load_backend(path: str, options: dict[str, Any] | None = None) -> BaseSearchBackend:
    """A new backend of class `path` (dotted path or alias) with these `OPTIONS`."""
    dotted = BACKEND_ALIASES.get(path, path)
    try:
        cls = import_string(dotted)
    except ImportError as exc:
        raise InvalidSearchBackend(f"Could not find search backend {dotted!r}: {exc}") from exc
    backend: BaseSearchBackend = cls(options or {})
    return backend


if TYPE_CHECKING:
    _Handler = BaseConnectionHandler[BaseSearchBackend]
else:
    _Handler = BaseConnectionHandler


class SearchBackendHandler(_Handler):
    settings_name = "SEARCH_BACKENDS"
    exception_class = InvalidSearchBackend

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        # One backend per process and alias, shared by the process's threads (CACHES keeps one
        # per thread): an index is costly to open and its readers are thread-safe.
        self._connections = SimpleNamespace()
        self._lock = threading.Lock()
        self._rebuild_requested: set[str] = set()

    def configure_settings(self, settings: dict[str, Any] | None) -> dict[str, Any]:
        if settings is None:
            settings = getattr(django_settings, self.settings_name, None) or {}
        return {**DEFAULT_BACKENDS, **settings}

    def create_connection(self, alias: str) -> BaseSearchBackend:
        config = self.settings[alias]
        return load_backend(config["BACKEND"], config.get("OPTIONS"))

    def __getitem__(self, alias: str) -> BaseSearchBackend:
        with self._lock:
            return super().__getitem__(alias)

    def config(self, alias: str = DEFAULT_ALIAS) -> dict[str, Any]:
        if alias not in self.settings:
            raise self.exception_class(f"The search backend {alias!r} doesn't exist.")
        return dict(self.settings[alias])

    def fallback(self) -> BaseSearchBackend:
        """A new fallback backend for one query: the database backend keeps the candidates of
        the query it answers, so one instance is never shared between requests."""
        return self.create_connection(FALLBACK_ALIAS)

    def reading(self, alias: str = DEFAULT_ALIAS) -> BaseSearchBackend:
        """The backend to answer a query with: the index when ready, else the fallback.

        A missing, corrupt or outdated index is rebuilt by the task worker (requested once per
        process, with a log line); meanwhile readers get correct, slower answers.
        """
        backend = self[alias]
        try:
            ready = backend.is_ready()
        except Exception:
            log.exception("检索索引不可用，暂由数据库应答。")
            ready = False
        if ready:
            return backend
        if alias not in self._rebuild_requested:
            self._rebuild_requested.add(alias)
            log.warning(
                "检索索引未就绪（缺失、损坏或版本变化），已安排重建；重建完成前由数据库应答。"
            )
            try:
                from gongkai.search.tasks import rebuild_index

                rebuild_index.enqueue()
            except Exception:
                log.exception("无法安排检索索引重建任务，请执行 gongkai search reindex。")
        return self.fallback()

    def reset(self) -> None:
        """Forget every backend and re-read the settings (after they changed, and in tests)."""
        with self._lock:
            self._connections = SimpleNamespace()
            self.__dict__.pop("settings", None)  # the cached property
            self._settings = None
            self._rebuild_requested.clear()


search_backends = SearchBackendHandler()
search_backend = cast(BaseSearchBackend, ConnectionProxy(search_backends, DEFAULT_ALIAS))


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == SearchBackendHandler.settings_name:
        search_backends.reset()


def get_backend(alias: str = DEFAULT_ALIAS) -> BaseSearchBackend:
    """The configured backend (one instance per process and alias): `search_backends[alias]`."""
    return search_backends[alias]


def reset_backends() -> None:
    search_backends.reset()
