"""The header's 通知 link with its unread count (templates/office/base_office.html)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.inbox.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context: dict[str, Any]) -> int:
    """Unread notices of the signed-in person, counted once per request."""
    request = context.get("request")
    if request is None:
        return 0
    cached: int | None = getattr(request, "_gongkai_unread", None)
    if cached is None:
        cached = unread_count(request.user)
        request._gongkai_unread = cached
    return cached
