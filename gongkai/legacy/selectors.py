"""Reads of the legacy import: runs a 公开办管理员 may see, and where an old address now lives."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.core.actors import Actor
from gongkai.legacy.models import LegacyPage, LegacyRun
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role

DENIED = "只有公开办管理员可以查看旧网站导入记录。"


def managed_organs(user: Actor) -> list[Organ]:
    return organs_with_role(user, Role.ORGAN_ADMIN)


def runs_for(user: Actor) -> QuerySet[LegacyRun]:
    return LegacyRun.objects.filter(organ__in=managed_organs(user)).select_related(
        "organ", "started_by", "column"
    )


def run_for(user: Actor, pk: int) -> LegacyRun | None:
    """The run, or None when the user is not 公开办管理员 of its organ (a 403 for the view)."""
    run = get_object_or_404(LegacyRun.objects.select_related("organ", "started_by"), pk=pk)
    return run if run.organ in managed_organs(user) else None


def redirect_target(*, host: str, path: str) -> str | None:
    """The public page of the item imported from this old address (host preferred when two old
    sites had the same path); None when there is none or it is not public."""
    pages = list(
        LegacyPage.objects.filter(old_path=path, item__isnull=False)
        .select_related("item")
        .order_by("id")[:20]
    )
    pages.sort(key=lambda p: p.old_host != host.lower())
    for page in pages:
        if page.item is not None and page.item.is_public:
            return page.item.get_absolute_url()
    return None
