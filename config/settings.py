"""gongkai settings: everything here, every deployment difference read from the environment.

Environment variables (all optional on a developer machine):
  GONGKAI_DATABASE_URL   database URL; default SQLite at var/gongkai.sqlite3
  GONGKAI_SECRET_KEY     secret key; a development key is used when unset and DEBUG is on
  GONGKAI_DEBUG          "1" for debug pages
  GONGKAI_ALLOWED_HOSTS  comma-separated host names
  GONGKAI_MEDIA_ROOT     where uploaded attachments are stored; default var/media
  GONGKAI_VAR_DIR        state directory (SQLite file, search index); default var/
  GONGKAI_MAX_UPLOAD_MB  largest attachment accepted, in MiB; default 50
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


TESTING = "pytest" in sys.modules or env_bool("GONGKAI_TESTING")
DEBUG = env_bool("GONGKAI_DEBUG", default=False)
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or env_bool("GONGKAI_ALLOW_DEV_SECRET", default=True)):
        raise ImproperlyConfigured("请设置环境变量 GONGKAI_SECRET_KEY")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
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
    "gongkai.catalog",
    "gongkai.portal",
    "gongkai.office",
    "gongkai.applications",
    "gongkai.reports",
    "gongkai.search",
    "gongkai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("GONGKAI_DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"),
        conn_max_age=0 if TESTING else 60,
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
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
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: Django keeps request bodies up to this in memory; files go to disk above it.
GONGKAI_MAX_UPLOAD_MB = int(os.environ.get("GONGKAI_MAX_UPLOAD_MB", "50"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks: database-backed queue served by `gongkai db_worker`; inline in tests.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("GONGKAI_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# 全文检索 (issue 5): embedded tantivy index under VAR_DIR/search by default;
# GONGKAI_SEARCH_BACKEND=postgres keeps the index in PostgreSQL (tsvector + GIN). BACKEND is an
# alias (tantivy, postgres, dummy) or a dotted path. Tests use the in-memory backend unless a
# test chooses one (each with its own temporary index directory).
SEARCH_BACKENDS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "dummy"
        if TESTING
        else os.environ.get("GONGKAI_SEARCH_BACKEND", "tantivy").strip() or "tantivy",
        # SHARDS: the tantivy index is searched shard-parallel; about one per CPU core. The
        # postgres backend rebuilds with as many writer processes.
        "OPTIONS": {
            "PATH": VAR_DIR / "search",
            "SHARDS": int(os.environ.get("GONGKAI_SEARCH_SHARDS", "2") or 2),
        },
    }
}

# Rate limits (application form, 查询码 lookups) count in the cache, which every web process must
# share: a file cache under var/ by default; memory in tests so counts never leak between runs.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if TESTING
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Platform configuration (rule data, not hard-coded guesses; see docs/architecture.md).
GONGKAI: dict[str, Any] = {
    # 索引号 template (legal-rules §5.2); tokens: {org_code9} {uscc} {yyyy} {yyyymm} {serial:05d}
    "INDEX_NUMBER_TEMPLATE": os.environ.get(
        "GONGKAI_INDEX_NUMBER_TEMPLATE", "{org_code9}/{yyyy}-{serial:05d}"
    ),
    # "year" or "month": when the 索引号 serial starts again at 1.
    "INDEX_SERIAL_RESET": os.environ.get("GONGKAI_INDEX_SERIAL_RESET", "year"),
    # 删减后公开 is a local practice (seed 001), off unless a deployment enables it.
    "ENABLE_REDACTED_ATTRIBUTE": env_bool("GONGKAI_ENABLE_REDACTED_ATTRIBUTE"),
    # Art. 26: 20 working days from formation/change to publication.
    "PUBLICATION_DEADLINE_WORKING_DAYS": 20,
    # "due soon" window on the back-office timeliness list.
    "DUE_SOON_WORKING_DAYS": 5,
    # 政策解读 expected within N working days of the policy (三同步 practice).
    "INTERPRETATION_WITHIN_WORKING_DAYS": int(
        os.environ.get("GONGKAI_INTERPRETATION_WITHIN_WORKING_DAYS", "3")
    ),
    "SITE_NAME": os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台"),
    # 《政府网站发展指引》(国办发〔2017〕47号): the footer of every page names the sponsor and
    # shows the 网站标识码, ICP备案编号 and 公安机关备案号; pages carry <meta name="SiteIDCode">.
    # Empty values are not shown; `gongkai check --deploy` warns about them (portal.W201).
    "SITE_SPONSOR": os.environ.get("GONGKAI_SITE_SPONSOR", ""),  # 主办单位
    "SITE_ID_CODE": os.environ.get("GONGKAI_SITE_ID_CODE", ""),  # 政府网站标识码, 10 digits
    "SITE_ICP": os.environ.get("GONGKAI_SITE_ICP", ""),  # e.g. 京ICP备05070218号
    "SITE_PSB": os.environ.get("GONGKAI_SITE_PSB", ""),  # e.g. 京公网安备 11010502030143号
    "SITE_CONTACT": os.environ.get("GONGKAI_SITE_CONTACT", ""),  # 联系电话或邮箱
    # Whether the fee-payment window is left out of the answer period like consultation time.
    # The national measure's wording is UNVERIFIED (legal-rules §3), hence a setting.
    "FEE_TIME_EXCLUDED": env_bool("GONGKAI_FEE_TIME_EXCLUDED", default=True),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"gongkai": {"level": "INFO"}},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# An expired form says so in Chinese (Django's page is English).
CSRF_FAILURE_VIEW = "gongkai.portal.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
