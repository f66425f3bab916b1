"""Who performs an action: a signed-in user, an anonymous visitor, or the system (None).

Every service takes `actor: Actor` (keyword-only). `None` means the platform itself acted: a
scheduled release, an overdue job, an applicant answering through the public status page.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def user_of(actor: Actor) -> Any:
    """The actor as the user row of a `…_by` column: None for the system or a visitor.

    (Typed `Any` because the `…_by` columns point at the swappable `AUTH_USER_MODEL`.)"""
    return actor if isinstance(actor, AbstractBaseUser) else None
