"""Writing audit events. Call inside the same transaction as the change it records.

Actions are enums, never free strings: every app declares its own `AuditAction` subclass
(value `"<noun>.<verb>"`, label in Chinese), and state machines derive theirs from their event
table (`gongkai.core.fsm`). `action_label` turns any recorded value back into its Chinese label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from gongkai.core.actors import Actor
from gongkai.core.models import AuditEvent


class AuditAction(models.TextChoices):
    """Base of every app's audit actions. Subclass it; never instantiate free strings."""


def _all_action_enums(base: type[AuditAction] = AuditAction) -> list[type[AuditAction]]:
    found: list[type[AuditAction]] = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_all_action_enums(sub))
    return found


def action_label(value: str) -> str:
    """The Chinese label of a recorded action value (the value itself when no enum knows it)."""
    for enum in _all_action_enums():
        if value in enum.values:
            return str(enum(value).label)
    return value


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    obj: models.Model,
    organ_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit actions are AuditAction members, not {type(action).__name__}")
    user: Any = actor if isinstance(actor, AbstractBaseUser) else None
    label = ""
    if user is not None:
        full = getattr(user, "get_full_name", lambda: "")()
        label = full or user.get_username()
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label or "系统",
        action=action.value,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organ_id=organ_id,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


def timeline_row(
    event: AuditEvent, *, status_labels: Mapping[str, str], detail: str = ""
) -> dict[str, Any]:
    """One row of a record's 办理记录 as staff pages show it: labels, never internal keys."""
    return {
        "when": event.created_at,
        "who": event.actor_label,
        "action": action_label(event.action),
        "from_state": status_labels.get(event.from_state, event.from_state),
        "to_state": status_labels.get(event.to_state, event.to_state),
        "comment": event.comment,
        "detail": detail,
    }
