"""Writes of the open API: creating and revoking access tokens (audited, one transaction each)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.api.audit import ApiAudit
from gongkai.api.models import ApiToken
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record

#: Secrets look like `gk_<40 url-safe characters>`: recognisable in a leaked log or repository.
TOKEN_PREFIX = "gk_"  # noqa: S105 (a marker, not a secret)
PREFIX_CHARS = 8  # shown in lists: gk_ + 8 characters
MAX_DAYS = 3650


def token_digest(secret: str) -> str:
    """SHA-256 of the secret: what is stored and looked up (a random 240-bit secret needs no
    slow hash; a lookup by digest is constant work whatever the secret)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; never stored


def _can_manage(actor: Actor, user: Any) -> bool:
    """A person manages their own tokens; a system administrator (or the command line, actor
    None) anyone's."""
    if actor is None:
        return True
    if getattr(actor, "is_superuser", False):
        return True
    return getattr(actor, "pk", None) == getattr(user, "pk", None)


@transaction.atomic
def token_create(*, actor: Actor, user: Any, name: str, days: int | None = 365) -> NewToken:
    """A new token for `user`, acting with that user's roles. `days=None`: no expiry date."""
    if not _can_manage(actor, user):
        raise PermissionDenied("只能为自己的账号创建接口令牌。")
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写令牌名称（用途）。"
    elif len(name) > 60:
        errors["name"] = "令牌名称不能超过60个字。"
    if days is not None and not 1 <= days <= MAX_DAYS:
        errors["days"] = f"有效天数应在1到{MAX_DAYS}之间。"
    if not getattr(user, "is_active", False):
        errors["user"] = "该账号已停用，不能创建接口令牌。"
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + PREFIX_CHARS],
        digest=token_digest(secret),
        created_by=user_of(actor),
        expires_at=timezone.now() + timedelta(days=days) if days is not None else None,
    )
    audit_record(
        actor=actor,
        action=ApiAudit.TOKEN_CREATE,
        obj=token,
        data={
            "token": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "user": user.get_username(),
            "expires_at": token.expires_at.isoformat() if token.expires_at else "",
        },
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once (idempotent: a revoked token stays revoked, audited once)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not _can_manage(actor, token.user):
        raise PermissionDenied("只能吊销自己的接口令牌。")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = user_of(actor)
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action=ApiAudit.TOKEN_REVOKE,
        obj=token,
        data={"token": token.pk, "name": token.name, "prefix": token.prefix},
    )
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Record when a token was last used (at most once a minute: no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
