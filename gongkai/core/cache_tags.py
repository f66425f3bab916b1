"""Versioned cache tags: what a cached page depends on, and how a change makes it stale at once.

A cached page (`gongkai.portal.pagecache`) is stored with the version of every tag it depends on
("item:42", "organ:7", "site", "structure"). A change that commits bumps its tags: each gets a
new random version. A page whose stored versions differ from the current ones is a miss, so
the first request after the change renders it anew. Nothing has to know which URLs a change
touches, and a page is never served older than the last bump of a tag it named.

Versions live in the "pages" cache (`settings.CACHES`), which every process shares: the file
cache under VAR_DIR by default (one machine: the web workers and the task worker that publishes
scheduled items), Redis when several app servers share the site (GONGKAI_CACHE_URL). A version
that is missing (evicted, or Redis restarted empty) is never taken for the stored one: it is
replaced by a new random version, so the pages that named it become misses.

The cache may fail (Redis stopped mid-run): every call here catches the error, logs it, and
answers "no cache" (`None`): pages are then rendered for every request, never served with an
unknown version. After a failure the cache is left alone for `PAUSE_AFTER_FAILURE` seconds, so
a dead Redis costs each process one connection timeout per pause, not one per request.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import BaseCache, caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import transaction

log = logging.getLogger("gongkai.cache")

#: Every page depends on the organ and column tree and the vocabularies (names in crumbs,
#: menus and filters): any edit of them bumps this tag.
STRUCTURE = "structure"
#: Pages that list across the site (home, lists, feeds, sitemaps, search): any public change.
SITE = "site"
#: The search index changed (search results follow the index, which a task updates).
SEARCH = "search"

CACHE_ALIAS = "pages"
TAG_PREFIX = "tag:"
PAUSE_AFTER_FAILURE = 5.0

_paused_until = 0.0
_lock = threading.Lock()
_pending = threading.local()


def cache() -> BaseCache | None:
    """The shared cache, or None while it is failing (or not configured)."""
    if time.monotonic() < _paused_until:
        return None
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return caches["default"]


def failed(exc: BaseException, doing: str) -> None:
    """Log a cache failure once per pause and leave the cache alone for a while."""
    global _paused_until
    with _lock:
        first = time.monotonic() >= _paused_until
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
    if first:
        log.warning("页面缓存不可用（%s：%s），暂时不使用缓存。", doing, exc)


def resume() -> None:
    """Forget an earlier failure (tests, and `gongkai cache` after the operator fixed it)."""
    global _paused_until
    _paused_until = 0.0


def _new_version() -> str:
    return secrets.token_hex(6)


def current_versions(tags: Iterable[str]) -> dict[str, str] | None:
    """The current version of each tag; missing ones get a new version. None: cache failing."""
    store = cache()
    if store is None:
        return None
    keys = {tag: TAG_PREFIX + tag for tag in tags}
    try:
        found = store.get_many(list(keys.values()))
        versions = {tag: found.get(key) for tag, key in keys.items()}
        for tag, version in versions.items():
            if version is None:
                # `add` keeps a version another process set meanwhile; read back the winner.
                store.add(keys[tag], _new_version(), timeout=None)
                versions[tag] = store.get(keys[tag])
        if any(v is None for v in versions.values()):
            return None
        return {tag: str(v) for tag, v in versions.items()}
    except Exception as exc:  # noqa: BLE001 - any backend error means "no cache"
        failed(exc, "读取版本")
        return None


def still_current(stored: dict[str, str]) -> bool:
    """Whether every tag still has the version `stored` with a page."""
    if not stored:
        return False
    store = cache()
    if store is None:
        return False
    keys = [TAG_PREFIX + tag for tag in stored]
    try:
        found = store.get_many(keys)
    except Exception as exc:  # noqa: BLE001
        failed(exc, "读取版本")
        return False
    return all(found.get(TAG_PREFIX + tag) == version for tag, version in stored.items())


def bump(*tags: str) -> bool:
    """Give each tag a new version: every page that named one of them is stale from now on.

    Called on commit by the receivers that follow changes (`portal/receivers.py`, search
    indexing). Returns False when the cache could not be written: the failure is logged as an
    error, and the pages' own expiry (`PAGE_CACHE_SECONDS`) bounds how long they may be served.
    """
    if not tags:
        return True
    try:
        store = caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        store = caches["default"]
    try:
        store.set_many({TAG_PREFIX + tag: _new_version() for tag in set(tags)}, timeout=None)
    except Exception as exc:  # noqa: BLE001
        log.error("页面缓存版本未能更新（%s：%s）；相关页面最迟在缓存期满后更新。", tags, exc)
        failed(exc, "更新版本")
        return False
    return True


def bump_on_commit(*tags: str) -> None:
    """Bump `tags` once the current transaction commits (at once outside one).

    Tags gathered in one transaction are bumped together by one write: a demo or an import that
    saves a thousand items writes the cache once, not a thousand times. Every call registers a
    callback and the first to run bumps everything gathered, so a callback dropped with a
    rolled-back savepoint loses nothing (at worst a tag is bumped that did not need it).
    """
    pending: set[str] = getattr(_pending, "tags", None) or set()
    pending.update(tags)
    _pending.tags = pending
    transaction.on_commit(_flush)


def _flush() -> None:
    tags = getattr(_pending, "tags", None)
    _pending.tags = set()
    if tags:
        bump(*tags)


def get(key: str) -> Any:
    store = cache()
    if store is None:
        return None
    try:
        return store.get(key)
    except Exception as exc:  # noqa: BLE001
        failed(exc, "读取页面")
        return None


def put(key: str, value: Any, timeout: int) -> None:
    store = cache()
    if store is None:
        return
    try:
        store.set(key, value, timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        failed(exc, "写入页面")
