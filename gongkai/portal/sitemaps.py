"""sitemap.xml: public item pages, organ catalogs, columns and 公开指南 pages."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.catalog.models import Column, Item
from gongkai.catalog.selectors import public_items
from gongkai.orgs.models import Organ


class ItemSitemap(Sitemap[Item]):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> QuerySet[Item]:
        # Only published 主动公开 items: withdrawn pages stay reachable but are not advertised.
        return public_items().only("pk", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, item: Item) -> datetime:
        return item.updated_at


class OrganSitemap(Sitemap[Organ]):
    changefreq = "daily"

    def items(self) -> QuerySet[Organ]:
        return Organ.objects.order_by("tree_key")

    def location(self, item: Organ) -> str:
        return reverse("portal:organ", args=[item.pk])


class GuideSitemap(OrganSitemap):
    changefreq = "monthly"

    def location(self, item: Organ) -> str:
        return reverse("portal:guide", args=[item.pk])


class ColumnSitemap(Sitemap[Column]):
    changefreq = "daily"
    limit = 5000

    def items(self) -> QuerySet[Column]:
        return Column.objects.filter(is_active=True).order_by("organ_id", "sort_order", "pk")


SITEMAPS: dict[str, type[Sitemap]] = {
    "organs": OrganSitemap,
    "guides": GuideSitemap,
    "columns": ColumnSitemap,
    "items": ItemSitemap,
}
