"""Writing audit events. Call inside the same transaction as the change it records.

Actions are enums, never free strings: every app declares its own `AuditAction` subclass
(value `"<noun>.<verb>"`, label in Chinese), and state machines derive theirs from their event
table (`gongkai.core.fsm`). `action_label` turns any recorded value back into its Chinese label.

The data of an event reads in Chinese too (`audit_data_text`): each app declares how its keys
and values read as `AUDIT_DATA = AuditDataLabels(...)` in its `audit.py`, found through the
installed apps (core imports no app). Keys are labelled (`confirmed_on` → 确认收到日期), choice
values shown by their label (`valid → expired` → 现行有效 → 已失效), field names by their
verbose names (`['id_number']` → 身份证号码), dates as 2026年3月2日 and lists joined with 、.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import import_module
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from gongkai.core.actors import Actor
from gongkai.core.models import AuditEvent


class AuditAction(models.TextChoices):
    """Base of every app's audit actions. Subclass it; never instantiate free strings."""


def _all_action_enums(base: type[AuditAction] = AuditAction) -> list[type[AuditAction]]:
    found: list[type[AuditAction]] = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_all_action_enums(sub))
    return found


def action_label(value: str) -> str:
    """The Chinese label of a recorded action value (the value itself when no enum knows it)."""
    for enum in _all_action_enums():
        if value in enum.values:
            return str(enum(value).label)
    return value


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    obj: models.Model,
    organ_id: int | None = None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit actions are AuditAction members, not {type(action).__name__}")
    user: Any = actor if isinstance(actor, AbstractBaseUser) else None
    label = ""
    if user is not None:
        full = getattr(user, "get_full_name", lambda: "")()
        label = full or user.get_username()
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label or "系统",
        action=action.value,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organ_id=organ_id,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
    )


def timeline_row(
    event: AuditEvent, *, status_labels: Mapping[str, str], detail: str = ""
) -> dict[str, Any]:
    """One row of a record's 办理记录 as staff pages show it: labels, never internal keys."""
    return {
        "when": event.created_at,
        "who": event.actor_label,
        "action": action_label(event.action),
        "from_state": status_labels.get(event.from_state, event.from_state),
        "to_state": status_labels.get(event.to_state, event.to_state),
        "comment": event.comment,
        "detail": detail,
    }


# ---- the data of an event, in Chinese ---------------------------------------------------------

#: How the values of one key read: a choices mapping (value → label) or a function.
ValueText = Mapping[str, str] | Callable[[Any], str]


@dataclass(frozen=True)
class AuditDataLabels:
    """How an app's audit data reads. Keys may be qualified by the action, `"<action>:<key>"`,
    where one key means different things (the `kind` of a letter, a finding, a 复议).

    - `labels`: key → Chinese label. For a `from`/`to` pair the label of `from` names the
      change (`"item.validity:from": "有效性"` → 有效性：现行有效 → 已失效).
    - `values`: key → how its values read (`dict(Validity.choices)`, `field_labels(Model)`).
    - `hidden`: keys not shown (internal ids, hashes: what staff cannot act on).
    """

    labels: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, ValueText] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()


def field_labels(model: type[models.Model]) -> Callable[[Any], str]:
    """Field names of `model` as their verbose names (`id_number` → 身份证号码)."""

    def label(name: Any) -> str:
        try:
            return str(model._meta.get_field(str(name)).verbose_name)  # type: ignore[union-attr]
        except FieldDoesNotExist:
            return str(name)

    return label


#: Keys every app uses alike; an app's own declaration wins.
COMMON_DATA = AuditDataLabels(
    labels={
        "from": "变更",  # a from/to pair no app names: 变更：A → B
        "to": "变更为",  # a "to" alone (a proposal, a decline)
        "note": "说明",
        "year": "年度",
        "days": "工作日数",
        "name": "名称",
        "code": "代码",
        "number": "文号",
        "reason": "理由",
        "on": "日期",
        "user": "用户",
        "role": "岗位",
        "changed": "修改内容",
        "fields": "字段",
    },
)


@cache
def _data_labels() -> AuditDataLabels:
    """Every installed app's `AUDIT_DATA` (from `<app>/audit.py`), merged over the common keys."""
    from django.apps import apps

    from gongkai.core.login_audit import AUDIT_LABELS, AUDIT_VALUES  # core's own (issue 16)

    labels: dict[str, str] = {**COMMON_DATA.labels, **AUDIT_LABELS}
    values: dict[str, ValueText] = {**COMMON_DATA.values, **AUDIT_VALUES}
    hidden: set[str] = set(COMMON_DATA.hidden)
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "audit"):
            continue
        declared = getattr(import_module(f"{config.name}.audit"), "AUDIT_DATA", None)
        if isinstance(declared, AuditDataLabels):
            labels.update(declared.labels)
            values.update(declared.values)
            hidden |= declared.hidden
    return AuditDataLabels(labels=labels, values=values, hidden=frozenset(hidden))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _scalar(value: Any, translate: ValueText | None) -> str:
    if translate is not None and not isinstance(value, bool):
        if callable(translate):
            return translate(value)
        if str(value) in translate:
            return str(translate[str(value)])
    if value is None or value == "":
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime | date):
        return _when(value)
    text = str(value)
    if _DATE.match(text) or _DATETIME.match(text):
        try:
            return _when(
                datetime.fromisoformat(text)
                if "T" in text or " " in text
                else date.fromisoformat(text)
            )
        except ValueError:
            return text
    return text


def _when(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return chinese_date(value)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{chinese_date(moment)} {moment:%H:%M}"


def audit_value(value: Any, *, key: str, action: str = "") -> str:
    """One value of an event's data as staff read it (choices, field names, dates, lists)."""
    registry = _data_labels()
    translate = registry.values.get(f"{action}:{key}") or registry.values.get(key)
    if isinstance(value, list | tuple | set):
        return "、".join(_scalar(v, translate) for v in value) or "无"
    return _scalar(value, translate)


def audit_data_text(data: Mapping[str, Any] | None, *, action: str = "") -> str:
    """An event's data in Chinese, “label：value；label：value”, for the 办理记录.

    A `from`/`to` pair reads as one change, “有效性：现行有效 → 已失效”. Nested records
    (dicts) and hidden keys are left out; a key no app labels keeps its name rather than
    disappearing (a test of each app's timeline keeps that from happening)."""
    if not data:
        return ""
    registry = _data_labels()

    def label(key: str) -> str:
        return registry.labels.get(f"{action}:{key}") or registry.labels.get(key) or key

    def hidden(key: str) -> bool:
        return key in registry.hidden or f"{action}:{key}" in registry.hidden

    parts: list[str] = []
    pair = "from" in data and "to" in data
    for key, value in data.items():
        if hidden(key) or isinstance(value, dict) or (pair and key == "to"):
            continue
        blank = value is None or value == "" or value == []
        if blank and not (pair and key == "from"):  # nothing recorded: nothing to read
            continue
        if pair and key == "from":
            before = audit_value(value, key="from", action=action)
            after = audit_value(data["to"], key="from", action=action)
            parts.append(f"{label('from')}：{before} → {after}")
            continue
        parts.append(f"{label(key)}：{audit_value(value, key=key, action=action)}")
    return "；".join(parts)
