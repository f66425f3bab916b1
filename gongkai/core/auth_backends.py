"""The authentication backend of every sign-in form (office and admin): Django's model backend,
refusing a locked name or address before the password is checked (`core/lockout.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from gongkai.core import lockout
from gongkai.core.ratelimit import client_ip

#: Set on the request when a sign-in was refused because of a lock (read by the forms and the
#: audit receiver, which then record a refusal rather than a wrong password).
LOCKED_ATTR = "gongkai_login_locked"


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is not None:
            name = username if username is not None else kwargs.get("username")
            if lockout.is_locked(name, client_ip(request)):
                setattr(request, LOCKED_ATTR, True)
                return None
        return super().authenticate(request, username=username, password=password, **kwargs)
