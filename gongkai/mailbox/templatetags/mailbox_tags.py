"""Filters of the mailbox's statistics page (the same formatting as its export)."""

from __future__ import annotations

from django import template

from gongkai.mailbox.statistics import days as _days
from gongkai.mailbox.statistics import percent

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    return percent(value)


@register.filter
def days(value: float | None) -> str:
    return _days(value)
