"""Template filters of the lists: an entry's field by name, as text (autoescaped as usual)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def entry_value(entry: Any, name: str) -> str:
    """The text of one field of an entry (dates as 2026-03-02, the guide by its title)."""
    if name == "guide":
        return entry.guide.title if entry.guide_id else ""
    value = getattr(entry, name, "")
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if name == "review_months":
        return f"{value}个月"
    return str(value)
