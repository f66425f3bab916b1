"""Settings of the test run (pytest: `DJANGO_SETTINGS_MODULE = "config.settings.test"`).

Only what a test run changes: the public development key, a fast password hasher, tasks run
inline, the in-memory search backend (a test that needs a real one chooses it, with a temporary
index directory), a per-process cache so rate-limit counts never leak between runs, and static
files served without a manifest. Everything else, GONGKAI_DATABASE_URL included (CI runs the
suite on PostgreSQL with it), is read as in `base`.
"""

from __future__ import annotations

import os

# Tests never hold a production key; allow the public one before base checks for a key. Set in
# the environment, so the `gongkai` subprocesses a test starts (they inherit
# DJANGO_SETTINGS_MODULE) may use it too.
os.environ["GONGKAI_ALLOW_DEV_SECRET"] = "1"  # noqa: S105 - a switch, not a password

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, GONGKAI, SEARCH_BACKENDS

# A connection per test, closed with it (PostgreSQL's test database is dropped at the end).
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

SEARCH_BACKENDS = {"default": {**SEARCH_BACKENDS["default"], "BACKEND": "dummy"}}

# Per-process caches, emptied before every test (conftest.py). The page-cache tests choose the
# file cache and Redis themselves (gongkai/portal/tests/test_pagecache*.py; CI's Redis).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Most tests write inside a transaction that is rolled back, so the page cache's on-commit
# invalidation never runs there: it is off, and the page-cache tests turn it on with real
# commits (gongkai/portal/tests/test_pagecache*.py, `transactional_db`).
GONGKAI = {**GONGKAI, "PAGE_CACHE": False}
