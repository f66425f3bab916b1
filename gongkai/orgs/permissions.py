"""Object-level permissions: which roles a user holds for an organ.

A role applies to the organ it was granted on. 公开办管理员 also covers every organ below it.
System administrators (is_superuser) hold every role everywhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Membership, Organ, Role


def roles_for(user: Any, organ: Organ) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {r.value for r in Role}
    ancestor_ids = [int(x) for x in organ.path.strip("/").split("/") if x]
    rows = Membership.objects.filter(user=user).filter(
        Q(organ=organ) | Q(organ_id__in=ancestor_ids, role=Role.ORGAN_ADMIN)
    )
    roles = {m.role for m in rows}
    if Role.ORGAN_ADMIN in roles:
        # An admin oversees the organ: may read, edit and send back, but 保密审查 and 签发
        # stay with the people who hold those posts.
        roles |= {Role.EDITOR, Role.REVIEWER}
    return roles


def has_role(user: Any, organ: Organ, *roles: str) -> bool:
    return bool(roles_for(user, organ) & set(roles))


def organs_for(user: Any) -> QuerySet[Organ]:
    """Organs whose back-office content the user may see."""
    if not getattr(user, "is_authenticated", False):
        return Organ.objects.none()
    if user.is_superuser:
        return Organ.objects.all()
    memberships = list(Membership.objects.filter(user=user).select_related("organ"))
    q = Q(pk__in=[m.organ_id for m in memberships])
    for m in memberships:
        if m.role == Role.ORGAN_ADMIN:
            q |= Q(path__startswith=m.organ.path)
    return Organ.objects.filter(q)
