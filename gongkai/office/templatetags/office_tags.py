"""Small helpers for back-office templates."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.orgs.models import Role
from gongkai.orgs.permissions import holds_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def office_is_admin(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return bool(request and holds_anywhere(request, Role.ORGAN_ADMIN))


@register.simple_tag(takes_context=True)
def office_can_create(context: dict[str, Any]) -> bool:
    """新建信息 only for those who may draft somewhere (采编; a 公开办管理员 holds it): the
    page refuses everybody else (a reviewer used to meet a 403 behind the button)."""
    request = context.get("request")
    return bool(request and holds_anywhere(request, Role.EDITOR))


@register.filter
def days_left(value: int) -> str:
    """Art. 26 countdown in words: “剩余 3 个工作日” / “今日到期” / “已超期 2 个工作日”."""
    if value > 0:
        return f"剩余 {value} 个工作日"
    if value == 0:
        return "今日到期"
    return f"已超期 {-value} 个工作日"


@register.filter
def indent(depth: int) -> str:
    return "　" * int(depth)
