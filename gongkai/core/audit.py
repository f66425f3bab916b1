"""Writing audit events. Call inside the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from gongkai.core.models import AuditEvent


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    organ_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    user: Any = actor if isinstance(actor, AbstractBaseUser) else None
    label = ""
    if user is not None:
        full = getattr(user, "get_full_name", lambda: "")()
        label = full or user.get_username()
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label or "系统",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organ_id=organ_id,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )
