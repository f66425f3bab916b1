"""The one transition table of the publishing workflow (草稿 → 待保密审查 → 待签发 → 已发布 → 撤回).

Built on `gongkai.core.fsm`: `ITEM_MACHINE.fire` is the only writer of `Item.status`; the
services in `gongkai.catalog.services.workflow` call it after their own checks.
"""

from __future__ import annotations

from django.db import models

from gongkai.catalog.models import Item, Status
from gongkai.catalog.signals import item_transitioned
from gongkai.core.actors import Actor
from gongkai.core.fsm import SYSTEM, InvalidTransition, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

__all__ = ["ITEM_MACHINE", "Event", "InvalidTransition", "allowed_events", "next_status"]


class Event(models.TextChoices):
    CREATE = "create", "新建草稿"  # 采编 starts a draft: the first status is an event too
    SUBMIT = "submit", "提交保密审查"  # 采编 sends the draft to 保密审查
    PASS_SECRECY = "pass_secrecy", "保密审查通过"  # 保密审查 cleared
    RETURN = "return", "退回"  # 退回 to the drafter, with a comment
    PUBLISH = "publish", "签发并发布"  # 签发 and publish now
    SCHEDULE = "schedule", "签发并定时发布"  # 签发 with a publication time
    RELEASE = "release", "定时发布"  # scheduled time reached (system)
    FILE = "file", "签发（不公开发布）"  # 签发 of a non-主动公开 item: approved, not published
    WITHDRAW = "withdraw", "撤回"  # 撤回 a published item, with a reason
    # 有效性 (已修改/已废止/已失效) changes once the draft stage is over; the state stays.
    VALIDITY = "validity", "修改有效性"


_AFTER_DRAFT = [s for s in Status if s != Status.DRAFT]

TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.CREATE): Status.DRAFT,
    (Status.DRAFT, Event.SUBMIT): Status.SECRECY_REVIEW,
    (Status.SECRECY_REVIEW, Event.PASS_SECRECY): Status.AWAITING_APPROVAL,
    (Status.SECRECY_REVIEW, Event.RETURN): Status.DRAFT,
    (Status.AWAITING_APPROVAL, Event.RETURN): Status.DRAFT,
    (Status.AWAITING_APPROVAL, Event.PUBLISH): Status.PUBLISHED,
    (Status.AWAITING_APPROVAL, Event.SCHEDULE): Status.SCHEDULED,
    (Status.AWAITING_APPROVAL, Event.FILE): Status.FILED,
    (Status.SCHEDULED, Event.RELEASE): Status.PUBLISHED,
    (Status.SCHEDULED, Event.RETURN): Status.DRAFT,
    (Status.PUBLISHED, Event.WITHDRAW): Status.WITHDRAWN,
    **{(state, Event.VALIDITY): state for state in _AFTER_DRAFT},
}

#: Roles that may fire each event (checked separately from the table; SYSTEM = scheduled jobs).
EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.CREATE: frozenset({Role.EDITOR}),
    Event.SUBMIT: frozenset({Role.EDITOR}),
    Event.PASS_SECRECY: frozenset({Role.SECRECY}),
    Event.RETURN: frozenset({Role.REVIEWER, Role.SECRECY, Role.APPROVER}),
    Event.PUBLISH: frozenset({Role.APPROVER}),
    Event.SCHEDULE: frozenset({Role.APPROVER}),
    Event.FILE: frozenset({Role.APPROVER}),
    Event.RELEASE: SYSTEM,
    Event.WITHDRAW: frozenset({Role.APPROVER, Role.ORGAN_ADMIN}),
    Event.VALIDITY: frozenset({Role.EDITOR, Role.APPROVER, Role.ORGAN_ADMIN}),
}


def _item_roles(actor: Actor, item: Item) -> set[str]:
    return roles_for(actor, item.organ)


ITEM_MACHINE: StateMachine[Status, Event] = StateMachine(
    name="item",
    status=Status,
    events=Event,
    transitions=TRANSITIONS,
    roles=EVENT_ROLES,
    roles_of=_item_roles,
    signal=item_transitioned,
)

next_status = ITEM_MACHINE.next_status
allowed_events = ITEM_MACHINE.allowed_events
