"""Which item a staff member may open in the back office."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from gongkai.catalog.models import Item
from gongkai.catalog.selectors import items_visible_to
from gongkai.core.actors import Actor
from gongkai.orgs.permissions import roles_for


def item_for_user(user: Actor, pk: int) -> tuple[Item, set[str]]:
    """The item and the user's roles in its organ; 403 when the item is another organ's.

    A missing item is a 404; an existing one outside the user's organs is a 403, so nobody reads
    another organ's drafts through the back office.
    """
    item = get_object_or_404(Item.objects.select_related("organ", "column"), pk=pk)
    if not items_visible_to(user).filter(pk=item.pk).exists():
        raise PermissionDenied("您无权查看其他机关的信息。")
    return item, roles_for(user, item.organ)
