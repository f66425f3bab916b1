"""What the sites do when something happens (wired in `SitesConfig.ready`).

A site or host saved or deleted (services, the admin, a data fix): this process forgets its
registry at once, and on commit the registry version (`resolve.SITES_TAG`) and the page-cache
tags are bumped, so every process reads the sites again and no cached page keeps an old name,
footer or colour. STRUCTURE as well as SITE: item pages depend on STRUCTURE and their own tag
only (`portal/pagecache.declare`), and they show the site's name and footer too.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.core import cache_tags
from gongkai.core.cache_tags import SITE, STRUCTURE
from gongkai.sites import resolve
from gongkai.sites.models import Site, SiteHost


@receiver(post_save, sender=Site, dispatch_uid="gongkai.sites.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="gongkai.sites.site_deleted")
@receiver(post_save, sender=SiteHost, dispatch_uid="gongkai.sites.host_saved")
@receiver(post_delete, sender=SiteHost, dispatch_uid="gongkai.sites.host_deleted")
def site_changed(sender: Any, **kwargs: Any) -> None:
    resolve.forget()
    cache_tags.bump_on_commit(resolve.SITES_TAG, SITE, STRUCTURE)
