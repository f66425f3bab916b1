"""Production settings (issue 16 §1): base, with everything HTTPS and nothing development-only.

`DJANGO_SETTINGS_MODULE=config.settings.production` (the systemd units in deploy/ set it). Every
deployment difference is still read from the environment, as in `base` (the database, Redis, the
secret key, the host names, the platform's GONGKAI_* keys of gongkai/core/conf.py); this module
only turns on what a site served over HTTPS behind nginx needs, and refuses to start on the
development conveniences. `gongkai check --deploy` passes with no warning (a test runs it).

Environment variables read here besides base's (docs/deploy.md lists them all):
  GONGKAI_ALLOWED_HOSTS        required: the site's host names, comma-separated
  GONGKAI_CSRF_TRUSTED_ORIGINS https:// origins allowed to POST (default: https:// + each host)
  GONGKAI_HSTS_SECONDS         Strict-Transport-Security max-age; default one year
  GONGKAI_HSTS_PRELOAD         "0" to leave out the preload directive (then check --deploy warns:
                               say so in SILENCED_SYSTEM_CHECKS of a local settings module)
  GONGKAI_SSL_REDIRECT         "0" when nginx already redirects http:// (default: Django too)
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, DEV_SECRET_KEY, SECRET_KEY
from gongkai.core.conf import env_bool

if env_bool(os.environ.get("GONGKAI_DEBUG")):
    raise ImproperlyConfigured(
        "生产环境不得设置 GONGKAI_DEBUG（调试页面会泄露配置和数据）。 / "
        "GONGKAI_DEBUG must not be set with the production settings."
    )
DEBUG = False

# The public development key is never accepted here, whatever GONGKAI_ALLOW_DEV_SECRET says.
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "生产环境需要设置 GONGKAI_SECRET_KEY：至少50个字符的随机字符串（可用 "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))' 生成）。 / "
        "Set GONGKAI_SECRET_KEY to a random string of at least 50 characters."
    )

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "生产环境需要设置 GONGKAI_ALLOWED_HOSTS（网站的域名，逗号分隔，不得为 *）。 / "
        "Set GONGKAI_ALLOWED_HOSTS to the site's host names (not *)."
    )
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get(
        "GONGKAI_CSRF_TRUSTED_ORIGINS",
        # ".example.gov.cn" (the domain and its subdomains) → https://*.example.gov.cn
        ",".join(f"https://*{h}" if h.startswith(".") else f"https://{h}" for h in ALLOWED_HOSTS),
    ).split(",")
    if o.strip()
]

# HTTPS: nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx/gongkai.conf).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool(os.environ.get("GONGKAI_SSL_REDIRECT"), default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", "") or 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool(os.environ.get("GONGKAI_HSTS_PRELOAD"), default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A connection that went away (PostgreSQL restarted) is noticed before a request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
