"""RSS 2.0 and Atom feeds of the whole site, per catalog column and per organ (public items only).

繁體: `ScriptConversionMiddleware` converts feed responses too; readers subscribe with
`?script=hant` because feed readers send no cookies (see `gongkai.portal.prefs`).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from gongkai.catalog.models import Column, Item
from gongkai.catalog.selectors import column_items, listing, organ_items, public_items
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ
from gongkai.portal import pagecache

FEED_SIZE = 50


class _ItemFeed(Feed[Item, object]):
    """What every feed says about an item."""

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        text = item.summary or strip_tags(item.body)
        return Truncator(" ".join(text.split())).chars(300)

    def item_link(self, item: Item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Item) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: Item) -> str:
        return item.organ.name

    def item_categories(self, item: Item) -> list[str]:
        return [item.topic.label] if item.topic else []


class ColumnFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Column:
        column = get_object_or_404(Column.objects.select_related("organ"), pk=pk, is_active=True)
        pagecache.declare(request, pagecache.organ_tag(column.organ_id))
        return column

    def title(self, obj: Column) -> str:
        return f"{obj.organ.name} - {obj.name} - {gongkai_settings().SITE_NAME}"

    def link(self, obj: Column) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Column) -> str:
        return f"{obj.organ.name}政府信息公开目录“{obj.name}”栏目的最新主动公开信息。"

    def items(self, obj: Column) -> list[Item]:
        return list(column_items(obj)[:FEED_SIZE])


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Column) -> str:
        return self.description(obj)


class OrganFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Organ:
        pagecache.declare(request, pagecache.organ_tag(pk))
        return get_object_or_404(Organ, pk=pk)

    def title(self, obj: Organ) -> str:
        return f"{obj.name} - {gongkai_settings().SITE_NAME}"

    def link(self, obj: Organ) -> str:
        return reverse("portal:organ", args=[obj.pk])

    def description(self, obj: Organ) -> str:
        return f"{obj.name}最新主动公开的政府信息。"

    def items(self, obj: Organ) -> list[Item]:
        return list(organ_items(obj)[:FEED_SIZE])


class OrganAtomFeed(OrganFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Organ) -> str:
        return self.description(obj)


class SiteFeed(_ItemFeed):
    """The whole site's latest public items (linked from the home page)."""

    def title(self) -> str:
        return f"{gongkai_settings().SITE_NAME} - 最新公开信息"

    def link(self) -> str:
        return reverse("portal:home")

    def description(self) -> str:
        return f"{gongkai_settings().SITE_NAME}各机关最新主动公开的政府信息。"

    def items(self) -> list[Item]:
        return list(listing(public_items()).order_by("-published_at", "-pk")[:FEED_SIZE])


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
