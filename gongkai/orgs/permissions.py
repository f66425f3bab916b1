"""The one guard of gongkai: which roles a user holds for an organ, and `require_roles`.

A role applies to the organ it was granted on. 公开办管理员 also covers every organ below it, and
holds 采编 and 审核 there (it oversees the organ: may read, edit and send back), but 保密审查 and
签发 stay with the people who hold those posts. System administrators (is_superuser) hold every
role everywhere.

`roles_for` answers for one organ; `role_map` answers for every organ a user touches in two
queries (the dashboard, menus). Both apply `_effective`, so there is one rule, not two copies.
Every view and service checks roles through `require_roles` (or reads them here), never by a
membership query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from gongkai.core.actors import Actor
from gongkai.orgs.models import Membership, Organ, Role

#: What a 公开办管理员 holds, besides its own role, in its organ and the organs below it.
ADMIN_IMPLIES: frozenset[str] = frozenset({Role.EDITOR.value, Role.REVIEWER.value})

ALL_ROLES: frozenset[str] = frozenset(r.value for r in Role)


def _effective(held: set[str]) -> set[str]:
    """Roles granted directly (plus 公开办管理员 inherited from above) → roles in force."""
    if Role.ORGAN_ADMIN in held:
        return held | ADMIN_IMPLIES
    return held


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _user_pk(user: Actor) -> int:
    pk: int = getattr(user, "pk", None) or 0
    return pk


def roles_for(user: Actor, organ: Organ) -> set[str]:
    """The roles `user` holds in `organ` (empty for anonymous users and the system)."""
    if not _signed_in(user):
        return set()
    if getattr(user, "is_superuser", False):
        return set(ALL_ROLES)
    ancestor_ids = [int(x) for x in organ.path.strip("/").split("/") if x]
    rows = Membership.objects.filter(user_id=_user_pk(user)).filter(
        Q(organ=organ) | Q(organ_id__in=ancestor_ids, role=Role.ORGAN_ADMIN)
    )
    return _effective({m.role for m in rows})


def role_map(user: Actor) -> dict[int, set[str]]:
    """organ id → roles the user holds there. Superusers get `{}`: check `is_superuser` first."""
    if not _signed_in(user) or getattr(user, "is_superuser", False):
        return {}
    held: dict[int, set[str]] = {}
    admin_q = Q(pk__in=[])
    for m in Membership.objects.filter(user_id=_user_pk(user)).select_related("organ"):
        held.setdefault(m.organ_id, set()).add(m.role)
        if m.role == Role.ORGAN_ADMIN:
            admin_q |= Q(path__startswith=m.organ.path)
    if any(Role.ORGAN_ADMIN in roles for roles in held.values()):
        for organ_id in Organ.objects.filter(admin_q).values_list("pk", flat=True):
            held.setdefault(organ_id, set()).add(Role.ORGAN_ADMIN.value)
    return {organ_id: _effective(roles) for organ_id, roles in held.items()}


def has_role(user: Actor, organ: Organ, *roles: str) -> bool:
    return bool(roles_for(user, organ) & set(roles))


def require_roles(
    actor: Actor,
    organ: Organ,
    roles: Iterable[str],
    *,
    message: str = "您在该机关没有执行此操作的岗位权限。",
) -> set[str]:
    """The guard: the actor's roles in `organ`, or `PermissionDenied` with `message` (→ 403)."""
    held = roles_for(actor, organ)
    if not held & set(roles):
        raise PermissionDenied(message)
    return held


def organs_for(user: Actor) -> QuerySet[Organ]:
    """Organs whose back-office content the user may see."""
    if not _signed_in(user):
        return Organ.objects.none()
    if getattr(user, "is_superuser", False):
        return Organ.objects.all()
    memberships = list(Membership.objects.filter(user_id=_user_pk(user)).select_related("organ"))
    q = Q(pk__in=[m.organ_id for m in memberships])
    for m in memberships:
        if m.role == Role.ORGAN_ADMIN:
            q |= Q(path__startswith=m.organ.path)
    return Organ.objects.filter(q)


def organs_with_role(user: Actor, role: str) -> list[Organ]:
    """Organs where the user holds `role` (采编 for the organ chooser, 管理员 for admin pages)."""
    if not _signed_in(user):
        return []
    if getattr(user, "is_superuser", False):
        return list(Organ.objects.order_by("tree_key"))
    ids = [organ_id for organ_id, held in role_map(user).items() if role in held]
    return list(Organ.objects.filter(pk__in=ids).order_by("tree_key"))


def organ_q(user: Actor, roles: dict[int, set[str]], *wanted: str) -> Q:
    """A filter on `organ_id` for records in organs where the user holds any of `wanted`."""
    if getattr(user, "is_superuser", False):
        return Q()
    ids = [organ_id for organ_id, held in roles.items() if held & set(wanted)]
    return Q(organ_id__in=ids)


def users_with_role(organ: Organ, roles: Iterable[str], *, inherited: bool = True) -> QuerySet[Any]:
    """Active users who hold any of `roles` in `organ` by the one rule (`_effective`): granted
    there, a 公开办管理员 there (who also holds 采编 and 审核), and with `inherited`, a
    公开办管理员 of an organ above. Who gets a notice (the inbox); superusers hold every role
    everywhere but are nobody's post, so they are not listed."""
    from django.contrib.auth import get_user_model

    wanted = set(roles)
    as_admin = bool(wanted & (ADMIN_IMPLIES | {Role.ORGAN_ADMIN.value}))
    held = Q(organ=organ, role__in=sorted(wanted))
    if as_admin:
        held |= Q(organ=organ, role=Role.ORGAN_ADMIN)
        if inherited:
            above = [int(x) for x in organ.path.strip("/").split("/") if x][:-1]
            held |= Q(organ_id__in=above, role=Role.ORGAN_ADMIN)
    ids = Membership.objects.filter(held).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")


def request_roles(request: Any) -> dict[int, set[str]]:
    """`role_map` of the signed-in user, computed once per request (nav and page share it)."""
    cached: dict[int, set[str]] | None = getattr(request, "_gongkai_role_map", None)
    if cached is None:
        cached = role_map(request.user)
        request._gongkai_role_map = cached
    return cached


def holds_anywhere(request: Any, role: str) -> bool:
    """Whether the signed-in user holds `role` in any organ (menus: show a link or not)."""
    user = request.user
    if not _signed_in(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(role in roles for roles in request_roles(request).values())
