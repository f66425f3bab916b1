"""Who may do what in the back office, computed once per request.

`gongkai.orgs.permissions.roles_for` answers for one organ with one query. The dashboard needs the
answer for every organ a user touches, so `role_map` computes the same rules in two queries. The
rules must stay identical to `roles_for` (a test in office/tests checks that they agree).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from gongkai.catalog.models import Item
from gongkai.catalog.selectors import items_visible_to
from gongkai.orgs.models import Membership, Organ, Role
from gongkai.orgs.permissions import roles_for

#: What a 公开办管理员 holds in the organs below it (mirrors `roles_for`).
ADMIN_IMPLIES = {Role.ORGAN_ADMIN.value, Role.EDITOR.value, Role.REVIEWER.value}


def role_map(user: Any) -> dict[int, set[str]]:
    """organ id → roles the user holds there. Superusers get `{}`; check `is_superuser` first."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return {}
    result: dict[int, set[str]] = {}
    admin_q = Q(pk__in=[])
    for m in Membership.objects.filter(user=user).select_related("organ"):
        result.setdefault(m.organ_id, set()).add(m.role)
        if m.role == Role.ORGAN_ADMIN:
            admin_q |= Q(path__startswith=m.organ.path)
    if any(Role.ORGAN_ADMIN in roles for roles in result.values()):
        for organ_id in Organ.objects.filter(admin_q).values_list("pk", flat=True):
            result.setdefault(organ_id, set()).update(ADMIN_IMPLIES)
    return result


def organ_q(user: Any, roles: dict[int, set[str]], *wanted: str) -> Q:
    """A filter on `organ_id` for items in organs where the user holds any of `wanted`."""
    if getattr(user, "is_superuser", False):
        return Q()
    ids = [organ_id for organ_id, held in roles.items() if held & set(wanted)]
    return Q(organ_id__in=ids)


def organs_with_role(user: Any, role: str) -> list[Organ]:
    """Organs where the user holds `role` (采编 for the organ chooser, 管理员 for admin pages)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Organ.objects.order_by("path"))
    ids = [organ_id for organ_id, held in role_map(user).items() if role in held]
    return list(Organ.objects.filter(pk__in=ids).order_by("path"))


def item_for_user(user: Any, pk: int) -> tuple[Item, set[str]]:
    """The item and the user's roles in its organ; 403 when the item is another organ's.

    A missing item is a 404; an existing one outside the user's organs is a 403, so nobody reads
    another organ's drafts through the back office.
    """
    item = get_object_or_404(Item.objects.select_related("organ", "column"), pk=pk)
    if not items_visible_to(user).filter(pk=item.pk).exists():
        raise PermissionDenied("您无权查看其他机关的信息。")
    return item, roles_for(user, item.organ)


def request_roles(request: Any) -> dict[int, set[str]]:
    """`role_map` of the signed-in user, computed once per request (nav and page share it)."""
    cached: dict[int, set[str]] | None = getattr(request, "_office_role_map", None)
    if cached is None:
        cached = role_map(request.user)
        request._office_role_map = cached
    return cached


def is_organ_admin(request: Any) -> bool:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(Role.ORGAN_ADMIN in roles for roles in request_roles(request).values())
