"""Reads of the sites: the back office list and what the public pages scope by."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import roles_for
from gongkai.sites.models import Site, SiteHost


def sites_listed() -> QuerySet[Site]:
    return Site.objects.select_related("root_organ").prefetch_related(
        Prefetch("hosts", queryset=SiteHost.objects.order_by("pk"))
    )


def can_manage(actor: Actor) -> bool:
    """Whether the back office shows the sites (the services check again)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    primary = Site.objects.filter(is_primary=True).select_related("root_organ").first()
    if primary is not None:
        return Role.ORGAN_ADMIN in roles_for(actor, primary.root_organ)
    return any(Role.ORGAN_ADMIN in roles_for(actor, o) for o in Organ.objects.filter(parent=None))


def root_organ_choices(actor: Actor) -> QuerySet[Organ]:
    """Organs a site may be rooted at: those where the actor is 公开办管理员 (all for a
    superuser)."""
    organs = Organ.objects.order_by("tree_key")
    if getattr(actor, "is_superuser", False):
        return organs
    ids = [o.pk for o in organs if Role.ORGAN_ADMIN in roles_for(actor, o)]
    return organs.filter(pk__in=ids)
