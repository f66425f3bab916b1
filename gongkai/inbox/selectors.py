"""Reads of the inbox: a person's own notices only, with the filters of the issue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from gongkai.core.actors import Actor
from gongkai.inbox.models import Notice, NoticeKind


@dataclass(frozen=True)
class Show:
    """One filter of the inbox page."""

    key: str
    label: str
    q: Q


_OPEN = Q(settled_at__isnull=True)

#: The inbox filters, in the order the page lists them (issue 13 §8). 等我处理, 即将到期 and
#: 已超期 leave out what has since been dealt with (`settled_at`); 全部 keeps everything.
SHOWS: tuple[Show, ...] = (
    Show("", "全部", Q()),
    Show("unread", "未读", Q(read_at__isnull=True)),
    Show("waiting", "等我处理", Q(kind=NoticeKind.WAITING) & _OPEN),
    Show("returned", "已退回", Q(kind=NoticeKind.RETURNED)),
    Show("due_soon", "即将到期", Q(kind=NoticeKind.DUE_SOON) & _OPEN),
    Show("overdue", "已超期", Q(kind=NoticeKind.OVERDUE) & _OPEN),
)
SHOW_BY_KEY = {s.key: s for s in SHOWS}


def show_for(value: str | None) -> Show:
    """The filter a query string asks for; an unknown one is 全部 (never an error page)."""
    return SHOW_BY_KEY.get(value or "", SHOWS[0])


def _pk(user: Actor) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def my_notices(user: Actor, show: str | None = None) -> QuerySet[Notice]:
    """The user's own notices, newest first, under filter `show`."""
    pk = _pk(user)
    if pk is None:
        return Notice.objects.none()
    return (
        Notice.objects.filter(recipient_id=pk)
        .filter(show_for(show).q)
        .select_related("organ")
        .order_by("-created_at", "-id")
    )


def notice_for(user: Actor, pk: int) -> Notice:
    """One of the user's notices; anybody else's is a 404 (its existence is not revealed)."""
    return get_object_or_404(Notice, pk=pk, recipient_id=_pk(user) or 0)


_UNREAD = Q(read_at__isnull=True) & _OPEN


def unread_count(user: Actor) -> int:
    """Unread notices that still matter (the header's badge)."""
    pk = _pk(user)
    if pk is None:
        return 0
    return Notice.objects.filter(_UNREAD, recipient_id=pk).count()


def unread_by_show(user: Actor) -> dict[str, int]:
    """Unread notices under each filter (the numbers beside the filter links), one query."""
    pk = _pk(user)
    if pk is None:
        return {s.key: 0 for s in SHOWS}
    counts: dict[str, Any] = Notice.objects.filter(recipient_id=pk).aggregate(
        **{f"n_{s.key or 'all'}": Count("pk", filter=s.q & _UNREAD) for s in SHOWS}
    )
    return {s.key: int(counts[f"n_{s.key or 'all'}"] or 0) for s in SHOWS}


def latest_unread(user: Actor, limit: int = 5) -> list[Notice]:
    """The newest unread notices that still matter (工作台)."""
    return list(my_notices(user).filter(_UNREAD)[:limit])
