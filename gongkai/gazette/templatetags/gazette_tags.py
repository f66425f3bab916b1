"""For the portal's item page: the 标准文本 statement of an item printed in a 公报 issue
(《规章制定程序条例》第三十二条). `{% load gazette_tags %}{% gazette_statement item %}` renders
`gazette/_item_statement.html`, or nothing for an item no published issue carried."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.gazette import selectors

register = template.Library()


@register.inclusion_tag("gazette/_item_statement.html")
def gazette_statement(item: Any) -> dict[str, Any]:
    entry = selectors.carrying_entry(item.pk)
    return {"entry": entry, "issue": entry.issue if entry is not None else None}
