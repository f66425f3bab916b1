"""Keep the approved text of each published item (the integrity check's baseline)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.catalog.selectors import public_item_pages
from gongkai.monitor import own
from gongkai.monitor.models import ApprovedText


@transaction.atomic
def approved_text_keep(*, item_id: int) -> ApprovedText | None:
    """After a publication (or a signed-off revision) the text the public sees was approved:
    keep its title, text and hash, unless the last kept version is the same."""
    item = public_item_pages().filter(pk=item_id).first()
    if item is None or item.is_withdrawn:
        return None
    text = own.body_text(item.body)
    digest = own.fingerprint(item.title, text)
    last = ApprovedText.objects.filter(item_id=item_id).order_by("-approved_at", "-pk").first()
    if last is not None and last.sha256 == digest:
        return last
    return ApprovedText.objects.create(
        item=item,
        title=item.title,
        text=text,
        sha256=digest,
        approved_at=item.revised_at or item.published_at or timezone.now(),
    )
