"""The page cache follows every change the public can see (`gongkai.portal.pagecache`).

Each receiver bumps, on commit, the tags of the pages a change touches:
- an item published, revised, withdrawn, restored or given a new 有效性 (`item_public_changed`,
  `item_transitioned` to or from a public state, or any save of an item that has a public page):
  its own page, the pages of the items linked to it (a policy lists its 解读, a 解读 names its
  policy), its organ's catalog pages and those of the organs above, and the site-wide pages;
- an organ, column, 主题分类 or 体裁 saved or deleted: every page (names in crumbs, menus,
  filters and the 公开指南);
- the search index updated: the search pages (`search/services.py` bumps SEARCH itself).
Wired in `PortalConfig.ready()`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.catalog.models import WITHDRAWN_STATES, Column, Genre, Item, Status, Topic
from gongkai.catalog.signals import item_public_changed, item_transitioned
from gongkai.core import cache_tags
from gongkai.core.cache_tags import SITE, STRUCTURE
from gongkai.orgs.models import Organ
from gongkai.portal.pagecache import item_tag, organ_tag

#: States in which an item has a public page (published, or withdrawn and saying so).
PUBLIC_PAGE_STATES = frozenset({Status.PUBLISHED, *WITHDRAWN_STATES})


def tags_of_item(item_id: int) -> list[str]:
    """The tags a change of item `item_id` makes stale."""
    row = (
        Item.objects.filter(pk=item_id)
        .values("organ_id", "organ__path", "interprets_id", "revision_of_id")
        .first()
    )
    tags = [item_tag(item_id), SITE]
    if row is None:
        return tags
    linked = [row["interprets_id"], row["revision_of_id"]]
    linked += list(Item.objects.filter(interprets_id=item_id).values_list("pk", flat=True))
    tags += [item_tag(pk) for pk in linked if pk]
    organ_ids = [int(x) for x in str(row["organ__path"] or "").strip("/").split("/") if x]
    tags += [organ_tag(pk) for pk in {*organ_ids, row["organ_id"]}]
    return tags


def bump_item(item_id: int) -> None:
    cache_tags.bump_on_commit(*tags_of_item(item_id))


@receiver(item_public_changed, dispatch_uid="gongkai.portal.cache_item_changed")
def item_changed(sender: Any, item_id: int, **kwargs: Any) -> None:
    # Sent on commit already; bump_item's on_commit runs at once outside a transaction.
    bump_item(item_id)


@receiver(item_transitioned, dispatch_uid="gongkai.portal.cache_item_transitioned")
def item_moved(sender: Any, instance_id: int, from_state: str, to_state: str, **kw: Any) -> None:
    if from_state in PUBLIC_PAGE_STATES or to_state in PUBLIC_PAGE_STATES:
        bump_item(instance_id)


@receiver(post_save, sender=Item, dispatch_uid="gongkai.portal.cache_item_saved")
@receiver(post_delete, sender=Item, dispatch_uid="gongkai.portal.cache_item_deleted")
def item_saved(sender: Any, instance: Item, **kwargs: Any) -> None:
    """Any write to an item with a public page (the services, the admin, a data fix)."""
    if instance.status in PUBLIC_PAGE_STATES:
        cache_tags.bump_on_commit(item_tag(instance.pk), organ_tag(instance.organ_id), SITE)


@receiver(post_save, sender=Organ, dispatch_uid="gongkai.portal.cache_organ_saved")
@receiver(post_delete, sender=Organ, dispatch_uid="gongkai.portal.cache_organ_deleted")
@receiver(post_save, sender=Column, dispatch_uid="gongkai.portal.cache_column_saved")
@receiver(post_delete, sender=Column, dispatch_uid="gongkai.portal.cache_column_deleted")
@receiver(post_save, sender=Topic, dispatch_uid="gongkai.portal.cache_topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="gongkai.portal.cache_topic_deleted")
@receiver(post_save, sender=Genre, dispatch_uid="gongkai.portal.cache_genre_saved")
@receiver(post_delete, sender=Genre, dispatch_uid="gongkai.portal.cache_genre_deleted")
def structure_saved(sender: Any, **kwargs: Any) -> None:
    cache_tags.bump_on_commit(STRUCTURE, SITE)
