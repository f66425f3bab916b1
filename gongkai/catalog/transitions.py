"""The one transition table of the publishing workflow (草稿 → 待保密审查 → 待签发 → 已发布 → 撤回).

Only `gongkai.catalog.services.workflow.item_transition` writes `Item.status`.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.catalog.models import Status
from gongkai.orgs.models import Role


class Event(StrEnum):
    SUBMIT = "submit"  # 采编 sends the draft to 保密审查
    PASS_SECRECY = "pass_secrecy"  # noqa: S105 - 保密审查 cleared, not a password
    RETURN = "return"  # 退回 to the drafter, with a comment
    PUBLISH = "publish"  # 签发 and publish now
    SCHEDULE = "schedule"  # 签发 with a publication time
    RELEASE = "release"  # scheduled time reached (system)
    FILE = "file"  # 签发 of a non-主动公开 item: approved, not published
    WITHDRAW = "withdraw"  # 撤回 a published item, with a reason


class InvalidTransition(Exception):
    """The table does not allow this event in the item's current state."""


TRANSITIONS: dict[tuple[Status, Event], Status] = {
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
}

#: Roles that may fire each event (checked separately from the table; None = system only).
EVENT_ROLES: dict[Event, set[str] | None] = {
    Event.SUBMIT: {Role.EDITOR},
    Event.PASS_SECRECY: {Role.SECRECY},
    Event.RETURN: {Role.REVIEWER, Role.SECRECY, Role.APPROVER},
    Event.PUBLISH: {Role.APPROVER},
    Event.SCHEDULE: {Role.APPROVER},
    Event.FILE: {Role.APPROVER},
    Event.RELEASE: None,
    Event.WITHDRAW: {Role.APPROVER, Role.ORGAN_ADMIN},
}

EVENT_LABELS: dict[Event, str] = {
    Event.SUBMIT: "提交保密审查",
    Event.PASS_SECRECY: "保密审查通过",
    Event.RETURN: "退回",
    Event.PUBLISH: "签发并发布",
    Event.SCHEDULE: "签发并定时发布",
    Event.RELEASE: "定时发布",
    Event.FILE: "签发（不公开发布）",
    Event.WITHDRAW: "撤回",
}


def next_status(current: str, event: Event) -> Status:
    try:
        return TRANSITIONS[(Status(current), event)]
    except (KeyError, ValueError):
        label = Status(current).label if current in Status.values else current
        raise InvalidTransition(f"当前状态为“{label}”，不能执行“{EVENT_LABELS[event]}”。") from None


def allowed_events(current: str) -> list[Event]:
    return [event for (status, event) in TRANSITIONS if status == current]
