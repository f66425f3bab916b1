"""Who performs an action: a signed-in user, an anonymous visitor, or the system (None).

Every service takes `actor: Actor` (keyword-only). `None` means the platform itself acted: a
scheduled release, an overdue job, an applicant answering through the public status page.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
