"""Reads of the open API. Public reads start from the catalog's own selectors (`public_items`:
published 主动公开 items only); staff reads from what the token's user may see. No rule of its own
beyond the filters a client asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.api.services import TOKEN_PREFIX, token_digest
from gongkai.catalog.models import Column, Item
from gongkai.catalog.selectors import (
    column_descendant_ids,
    items_visible_to,
    listing,
    public_items,
)
from gongkai.orgs.models import Organ
from gongkai.reports.models import AnnualReport

# ---- tokens ---------------------------------------------------------------------------------


def active_token(secret: str) -> ApiToken | None:
    """The unrevoked, unexpired token of an active user whose secret this is, else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The tokens a person manages: their own; a system administrator sees everyone's."""
    qs = ApiToken.objects.select_related("user", "created_by", "revoked_by")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(user=user) if getattr(user, "pk", None) else qs.none()


# ---- items ----------------------------------------------------------------------------------

#: Orderings a client may page through (name → sort field, newest first?): newest published
#: first (reading), oldest change first (syncing: pass the last `updated_at` seen as
#: `updated_since` next time), latest change first (the staff's drafts).
ORDERS: dict[str, tuple[str, bool]] = {
    "published": ("published_at", True),
    "updated": ("updated_at", False),
    "recent": ("updated_at", True),
}


def order_by(order: str) -> tuple[str, str]:
    field, descending = ORDERS[order]
    return (f"-{field}", "-id") if descending else (field, "id")


@dataclass(frozen=True)
class ItemFilters:
    organ: int | None = None
    subtree: bool = False  # the organ and every organ below it
    column: int | None = None  # the column and its sub-columns
    topic: int | None = None  # the topic, or a top-level topic and its children
    genre: int | None = None
    year: int | None = None  # year of publication (the site's time zone)
    validity: str = ""
    kind: str = ""
    updated_since: datetime | None = None


def filter_items(qs: QuerySet[Item], f: ItemFilters) -> QuerySet[Item]:
    if f.organ is not None:
        if f.subtree:
            path = Organ.objects.filter(pk=f.organ).values_list("path", flat=True).first()
            qs = qs.filter(organ__path__startswith=path) if path else qs.none()
        else:
            qs = qs.filter(organ_id=f.organ)
    if f.column is not None:
        column = Column.objects.filter(pk=f.column, is_active=True).first()
        qs = qs.filter(column_id__in=column_descendant_ids(column)) if column else qs.none()
    if f.topic is not None:
        qs = qs.filter(Q(topic_id=f.topic) | Q(topic__parent_id=f.topic))
    if f.genre is not None:
        qs = qs.filter(genre_id=f.genre)
    if f.year is not None:
        start = timezone.make_aware(datetime(f.year, 1, 1))  # noqa: DTZ001 (made aware here)
        end = timezone.make_aware(datetime(f.year + 1, 1, 1))  # noqa: DTZ001
        qs = qs.filter(published_at__gte=start, published_at__lt=end)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.updated_since is not None:
        qs = qs.filter(updated_at__gte=f.updated_since)
    return qs


def after(qs: QuerySet[Item], order: str, key: Any, pk: int) -> QuerySet[Item]:
    """The rows after (key, pk) in `order`: a keyset, stable whatever is published meanwhile."""
    field, descending = ORDERS[order]
    if key is None:
        return qs.none()
    op = "lt" if descending else "gt"
    return qs.filter(Q(**{f"{field}__{op}": key}) | Q(**{field: key, f"pk__{op}": pk}))


def public_item_list(f: ItemFilters, order: str) -> QuerySet[Item]:
    return listing(filter_items(public_items(), f)).order_by(*order_by(order))


def public_item(pk: int) -> Item | None:
    return listing(public_items()).prefetch_related("attachments").filter(pk=pk).first()


def staff_item_list(user: Any, f: ItemFilters, status: str, order: str) -> QuerySet[Item]:
    qs = filter_items(items_visible_to(user), f)
    if status:
        qs = qs.filter(status=status)
    return listing(qs).prefetch_related("attachments", "findings").order_by(*order_by(order))


def staff_item(user: Any, pk: int) -> Item | None:
    """An item the user's roles cover, else None (a 404: another organ's items do not exist for
    them, as in the back office)."""
    return (
        listing(items_visible_to(user))
        .prefetch_related("attachments", "findings")
        .filter(pk=pk)
        .first()
    )


# ---- annual reports -------------------------------------------------------------------------


def published_reports(*, organ: int | None = None, year: int | None = None) -> Any:
    """Published annual reports (Art. 49–50), newest year first: their figures were frozen
    when they were submitted for publication."""
    qs = AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("organ")
    if organ is not None:
        qs = qs.filter(organ_id=organ)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "organ__tree_key", "scope", "pk")


def published_report(pk: int) -> AnnualReport | None:
    return published_reports().filter(pk=pk).first()
