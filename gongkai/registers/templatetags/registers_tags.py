"""For the portal's item page (政策文件库): a 规范性文件's register number, validity period and
有效性 history. `{% load registers_tags %}{% norm_register item %}` renders
`registers/_item_register.html`, or nothing for an item that is not in a register."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.registers import selectors

register = template.Library()


@register.inclusion_tag("registers/_item_register.html")
def norm_register(item: Any) -> dict[str, Any]:
    entry = selectors.entry_for_item(item.pk)
    if entry is None:
        return {"entry": None}
    return {"entry": entry, "history": selectors.validity_history(item)}
