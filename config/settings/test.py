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
from config.settings.base import DATABASES, SEARCH_BACKENDS

# A connection per test, closed with it (PostgreSQL's test database is dropped at the end).
DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

SEARCH_BACKENDS = {"default": {**SEARCH_BACKENDS["default"], "BACKEND": "dummy"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
