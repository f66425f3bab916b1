"""gongkai settings: what every process runs with; each deployment difference read from the environ.

This is the module `DJANGO_SETTINGS_MODULE=config.settings` (the default of `gongkai`, manage.py
and wsgi) stands for; tests run with `config.settings.test`, which changes only what a test run
needs. Nothing here asks whether it is a test.

Environment variables (the README's table lists them all):
  GONGKAI_DATABASE_URL      database URL; default SQLite at var/gongkai.sqlite3
  GONGKAI_SECRET_KEY        secret key; required unless GONGKAI_ALLOW_DEV_SECRET or GONGKAI_DEBUG
  GONGKAI_ALLOW_DEV_SECRET  "1": use the public development key when no secret key is set
                            (`make run` sets it; never set it in production)
  GONGKAI_DEBUG             "1" for debug pages
  GONGKAI_ALLOWED_HOSTS     comma-separated host names
  GONGKAI_MEDIA_ROOT        where uploaded attachments are stored; default var/media
  GONGKAI_VAR_DIR           state directory (SQLite file, search index, cache); default var/
  GONGKAI_TASKS_IMMEDIATE   "1": run background tasks inline instead of queueing them
  GONGKAI_SEARCH_BACKEND, GONGKAI_SEARCH_SHARDS, GONGKAI_EMAIL_BACKEND, GONGKAI_FROM_EMAIL
  GONGKAI_TEST_DATABASE_NAME  name of the PostgreSQL test database; default test_gongkai
and the platform's own keys (GONGKAI_MAX_UPLOAD_MB, GONGKAI_SITE_*, …), declared with their
types and defaults in `gongkai/core/conf.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gongkai.core.conf import env_bool, gongkai_from_environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool(os.environ.get("GONGKAI_DEBUG"))
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The development key is public (it is in this file), so a site signing sessions and CSRF tokens
# with it can be forged against. It is used only when asked for: `make run` and the test settings
# set GONGKAI_ALLOW_DEV_SECRET, and debug pages are a development mode already. Anywhere else a
# missing key stops the process at once instead of running insecurely.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_bool(os.environ.get("GONGKAI_ALLOW_DEV_SECRET"))):
        raise ImproperlyConfigured(
            "请设置环境变量 GONGKAI_SECRET_KEY（生产环境的密钥）；仅在开发环境可设置 "
            "GONGKAI_ALLOW_DEV_SECRET=1 改用公开的开发密钥。 / "
            "Set the environment variable GONGKAI_SECRET_KEY (the production secret key); only "
            "for development, GONGKAI_ALLOW_DEV_SECRET=1 uses the public development key instead."
        )
    SECRET_KEY = DEV_SECRET_KEY

# ".localhost": the demo's department sites (jyj.localhost, …; gongkai/sites/demo.py).
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,testserver"
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.inbox",
    "gongkai.catalog",
    "gongkai.portal",
    "gongkai.office",
    "gongkai.applications",
    "gongkai.mailbox",
    "gongkai.participation",
    "gongkai.workplans",
    "gongkai.registers",
    "gongkai.periodic",
    "gongkai.gazette",  # 政府公报 (issue 19 §2)
    "gongkai.sites",  # 网站集约化 (issue 20 §5)
    "gongkai.inventories",
    "gongkai.workforce",  # 人员、经费和培训 (issue 20 §4), read by the annual report drafts
    "gongkai.reports",
    "gongkai.monitor",
    "gongkai.assessment",  # 考核 scorecards (issue 20 §3)
    "gongkai.legacy",  # 旧网站信息导入 (issue 19 §6)
    "gongkai.search",
    "gongkai.demo",
    "gongkai.api",
    "ninja",  # the open API's documentation page (its static files)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (no inline script) and Permissions-Policy (issue 16).
    "gongkai.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, 304 when the reader's copy is current (cached pages included).
    "django.middleware.http.ConditionalGetMiddleware",
    # request.site from the Host (gongkai/sites/middleware.py): before the page cache, so
    # every view and template knows the site; a cached page is keyed by its host already.
    "gongkai.sites.middleware.SiteMiddleware",
    # Anonymous public pages from the cache (portal/pagecache.py): before the session, CSRF and
    # auth middleware, which a hit skips; after the script conversion, whose output it stores.
    "gongkai.portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Old addresses of an imported legacy site: a 404 there becomes a 301 (issue 19 §6).
    "gongkai.legacy.middleware.LegacyRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle sessions end; the request is known to the audit of admin permission changes.
    "gongkai.core.sessions.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Converts the finished page to 繁體 when the reader chose it; must see the final HTML.
    "gongkai.portal.middleware.ScriptConversionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.reading_prefs",
                # The request's site (name, footer, stylesheet); after reading_prefs.
                "gongkai.sites.context_processors.current_site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("GONGKAI_DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web process and the task worker share one file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "GONGKAI_TEST_DATABASE_NAME", "test_gongkai"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# models.W040: SQLite has no INCLUDE columns; `catalog.Item`'s table 二 index carries them for
# PostgreSQL only (a province's annual report at scale), and SQLite gets the index on its key
# columns, which is what a single-organ SQLite site needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Issue 16 §2 (等保 level 3): at least 10 characters of 3 of 4 classes, not common, not all
# digits, not like the user's name (gongkai/core/passwords.py; Chinese messages).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gongkai.core.passwords.ChineseMinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "gongkai.core.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
# A locked user name or address is refused before its password is checked (core/lockout.py).
AUTHENTICATION_BACKENDS = ["gongkai.core.auth_backends.LockoutModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# WhiteNoise warns about a missing STATIC_ROOT (before the first collectstatic); make it exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: Django keeps request bodies up to this in memory; files go to disk above it (the
# largest attachment accepted is GONGKAI["MAX_UPLOAD_MB"]).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks: database-backed queue served by `gongkai db_worker`; periodic ones are listed
# in GONGKAI["SCHEDULE"] below.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool(os.environ.get("GONGKAI_TASKS_IMMEDIATE"))
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# 全文检索 (issue 5): embedded tantivy index under VAR_DIR/search by default;
# GONGKAI_SEARCH_BACKEND=postgres keeps the index in PostgreSQL (tsvector + GIN). BACKEND is an
# alias (tantivy, postgres, dummy) or a dotted path.
SEARCH_BACKENDS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get("GONGKAI_SEARCH_BACKEND", "tantivy").strip() or "tantivy",
        # SHARDS: the tantivy index is searched shard-parallel; about one per CPU core. The
        # postgres backend rebuilds with as many writer processes.
        "OPTIONS": {
            "PATH": VAR_DIR / "search",
            "SHARDS": int(os.environ.get("GONGKAI_SEARCH_SHARDS", "2") or 2),
        },
    },
    # Answers while the default index is missing or being rebuilt (slower, always correct).
    "fallback": {"BACKEND": "database"},
}

# Caches (docs/architecture.md, "Portal page cache"): "default" holds the rate-limit counters
# (application form, 查询码 lookups), "pages" the public pages and their tag versions. Both must
# be shared by every process of the site: on one machine a file cache under var/ (the embedded
# default); with several app servers Redis (GONGKAI_CACHE_URL=redis://host:6379/0).
CACHE_URL = os.environ.get("GONGKAI_CACHE_URL", "").strip()
CACHES: dict[str, dict[str, Any]]
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"GONGKAI_CACHE_URL 应为 redis:// 地址，现为 {CACHE_URL!r}。 / "
            f"GONGKAI_CACHE_URL must be a redis:// URL, got {CACHE_URL!r}."
        )
    # Short timeouts: a Redis that stops answering costs a page one wait, then the page cache
    # leaves it alone for a while (core/cache_tags.py) and pages are rendered uncached.
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "gongkai"},
        "pages": {**_redis, "KEY_PREFIX": "gongkai-pages"},
    }
    # Sessions read from Redis and kept in the database, so a signed-in official may land on
    # any app server (and stays signed in if Redis restarts empty).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "pagecache"),
            # About one entry per page and variant; when full, a third of them go (at random).
            "OPTIONS": {"MAX_ENTRIES": 50000},
        },
    }

EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Platform configuration (rule data, not hard-coded guesses; see docs/architecture.md): every
# key, its type, default, environment variable and legal source is declared in
# gongkai/core/conf.py and read as `gongkai_settings().KEY`.
GONGKAI: dict[str, Any] = {
    **gongkai_from_environ(os.environ),
    # The schedule registry: every periodic task, dotted path → interval in seconds, enqueued by
    # `gongkai serve` (make run) and `gongkai scheduler` (production) and run by the worker.
    "SCHEDULE": {
        # A 签发 time is given to the minute: release within a minute of it.
        "gongkai.catalog.tasks.release_scheduled_items": 60,
        # Due dates and 补正/payment windows are whole days (Art. 30, 33; 109号): a case turns
        # overdue or lapsed at midnight, and an hourly run acts on it in that day's first hour.
        "gongkai.applications.tasks.mark_overdue": 3600,
        "gongkai.applications.tasks.close_lapsed": 3600,
        # Reminders before the due date (issue 13): once per case and reminder, whatever the
        # interval; hourly, so a reminder reaches the office in the first hour of its day.
        "gongkai.applications.tasks.remind_due": 3600,
        # 互动交流 (issue 18): reply reminders, overdue notices and the alerts before the
        # three-month veto, and 默认满意 after the rating window; whole days, so hourly.
        "gongkai.mailbox.tasks.remind_due": 3600,
        "gongkai.mailbox.tasks.mark_overdue": 3600,
        "gongkai.mailbox.tasks.default_ratings": 3600,
        # 公众参与 (issue 18 §3-6): feedback owed, 建议提案 due, 舆情 past their limit.
        "gongkai.participation.tasks.remind": 3600,
        # 工作要点 tasks (issue 20): reminders before the deadline, overdue notices after it.
        "gongkai.workplans.tasks.remind_due": 3600,
        "gongkai.workplans.tasks.mark_overdue": 3600,
        # 督查 findings (issue 20 §2): reminders before the 整改期限, overdue notices after it.
        "gongkai.workplans.tasks.findings_due": 3600,
        # 网站监管 (issue 17): each site once a day (the hourly run starts those not yet run
        # today and resumes a crawl that stopped); availability probes every 5 minutes pick the
        # sites whose slot came (each site its own offset: ≥20 probes a day, spread out).
        "gongkai.monitor.tasks.daily_runs": 3600,
        "gongkai.monitor.tasks.probe_sites": 300,
        # 规范性文件: lapse notices 60 days ahead and 已失效 on the date (issue 19 §1).
        "gongkai.registers.tasks.lapse_due": 3600,
        # 重点领域定期公开 (issue 19 §4): reminders before each due date and when overdue.
        "gongkai.periodic.tasks.remind": 3600,
        # 负面清单 复核 due (issue 19 §3): whole days, once per entry and date, so hourly.
        "gongkai.inventories.tasks.review_due": 3600,
        # A task left RUNNING by a worker killed mid-run is queued again (issue 16, faults).
        "gongkai.core.tasks_recovery.recover_stale_tasks": 300,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 is one line, not a traceback (issue 16; gongkai/core/logfilters.py).
    "filters": {"permission_denied": {"()": "gongkai.core.logfilters.PermissionDeniedOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "gongkai": {"level": "INFO"},
        "django.request": {"filters": ["permission_denied"]},
    },
}

SESSION_COOKIE_HTTPONLY = True
# A session lives one working day at most, and ends sooner when idle
# (GONGKAI["SESSION_IDLE_MINUTES"], core/sessions.py); closing the browser ends it too.
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_COOKIE_AGE", "") or 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
# An expired form says so in Chinese (Django's page is English).
CSRF_FAILURE_VIEW = "gongkai.portal.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
