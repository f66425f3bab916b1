"""The one transition table of the publishing workflow.

草稿 → (待审核 →) 待保密审查 → 待签发 → 已发布 → 已撤回 → 待签发（恢复发布）→ 已发布.

Built on `gongkai.core.fsm`: `ITEM_MACHINE.fire` is the only writer of `Item.status`; the
services in `gongkai.catalog.services.workflow` and `.revisions` call it after their own checks.

- 审核: whether a draft goes to 待审核 or straight to 待保密审查 is the organ's choice
  (`Organ.review_step`); both paths are in the table, and the guards of SUBMIT_FOR_REVIEW /
  SUBMIT let through only the one the organ uses.
- 修订: a revision is an item of its own, created by REVISE and linked to the published item
  (`Item.revision_of`); it walks the same chain, and its 签发 is PUBLISH_REVISION (its text
  replaces the published item's) instead of PUBLISH/SCHEDULE/FILE (guards).
- 恢复发布: a withdrawn item goes back to 签发 (RESTORE); PUBLISH brings it back under its
  索引号, DECLINE_RESTORE leaves it withdrawn.
- 有效性: changes on an item already 签发 keep its state: PROPOSE_VALIDITY (采编) waits for
  签发, who approves (VALIDITY) or declines (DECLINE_VALIDITY); 签发 may also change it directly.
"""

from __future__ import annotations

from django.db import models

from gongkai.catalog.models import Item, Status
from gongkai.catalog.signals import item_transitioned
from gongkai.core.actors import Actor
from gongkai.core.fsm import SYSTEM, Guard, InvalidTransition, StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

__all__ = ["ITEM_MACHINE", "Event", "InvalidTransition", "allowed_events", "next_status"]


class Event(models.TextChoices):
    CREATE = "create", "新建草稿"  # 采编 starts a draft: the first status is an event too
    REVISE = "revise", "新建修订稿"  # 采编 opens a revision of a published item: its first status
    # 提交: to 审核 where the organ uses that step (Organ.review_step), else to 保密审查.
    SUBMIT_FOR_REVIEW = "submit_for_review", "提交审核"
    SUBMIT = "submit", "提交保密审查"  # 采编 sends the draft to 保密审查 (no 审核 step)
    APPROVE_REVIEW = "approve_review", "审核通过"  # 审核 approves: on to 保密审查
    PASS_SECRECY = "pass_secrecy", "保密审查通过"  # 保密审查 cleared
    RETURN = "return", "退回"  # 退回 to the drafter, with a comment
    PUBLISH = "publish", "签发并发布"  # 签发 and publish now
    SCHEDULE = "schedule", "签发并定时发布"  # 签发 with a publication time
    RELEASE = "release", "定时发布"  # scheduled time reached (system)
    FILE = "file", "签发（不公开发布）"  # 签发 of a non-主动公开 item: approved, not published
    PUBLISH_REVISION = "publish_revision", "签发修订"  # the revision's text replaces the public one
    ABANDON = "abandon", "放弃修订"  # 采编 gives up a revision still in draft
    WITHDRAW = "withdraw", "撤回"  # 撤回 a published item, with a reason
    RESTORE = "restore", "申请恢复发布"  # a withdrawn item goes back to 签发
    DECLINE_RESTORE = "decline_restore", "不同意恢复发布"  # 签发 keeps it withdrawn
    # 有效性 (已修改/已废止/已失效) of a published or filed item: 采编 proposes, 签发 decides;
    # the state stays. VALIDITY is the change itself (签发's own, or a proposal approved).
    PROPOSE_VALIDITY = "propose_validity", "提请变更有效性"
    VALIDITY = "validity", "签发有效性变更"
    DECLINE_VALIDITY = "decline_validity", "不同意有效性变更"
    # 有效期届满: a register's job (gongkai.registers) marks a 规范性文件 已失效 on its date.
    EXPIRE = "expire", "有效期届满失效"


#: States in which an item's 有效性 may change: it has been 签发 (published, filed, withdrawn).
_DECIDED = [Status.PUBLISHED, Status.FILED, Status.WITHDRAWN, Status.RESTORE_REVIEW]

TRANSITIONS: dict[tuple[Status | None, Event], Status] = {
    (None, Event.CREATE): Status.DRAFT,
    (None, Event.REVISE): Status.DRAFT,
    (Status.DRAFT, Event.SUBMIT_FOR_REVIEW): Status.PENDING_REVIEW,
    (Status.DRAFT, Event.SUBMIT): Status.SECRECY_REVIEW,
    (Status.DRAFT, Event.ABANDON): Status.REVISION_ABANDONED,
    (Status.PENDING_REVIEW, Event.APPROVE_REVIEW): Status.SECRECY_REVIEW,
    (Status.PENDING_REVIEW, Event.RETURN): Status.DRAFT,
    (Status.SECRECY_REVIEW, Event.PASS_SECRECY): Status.AWAITING_APPROVAL,
    (Status.SECRECY_REVIEW, Event.RETURN): Status.DRAFT,
    (Status.AWAITING_APPROVAL, Event.RETURN): Status.DRAFT,
    (Status.AWAITING_APPROVAL, Event.PUBLISH): Status.PUBLISHED,
    (Status.AWAITING_APPROVAL, Event.SCHEDULE): Status.SCHEDULED,
    (Status.AWAITING_APPROVAL, Event.FILE): Status.FILED,
    (Status.AWAITING_APPROVAL, Event.PUBLISH_REVISION): Status.REVISION_APPLIED,
    (Status.SCHEDULED, Event.RELEASE): Status.PUBLISHED,
    (Status.SCHEDULED, Event.RETURN): Status.DRAFT,
    (Status.PUBLISHED, Event.WITHDRAW): Status.WITHDRAWN,
    (Status.WITHDRAWN, Event.RESTORE): Status.RESTORE_REVIEW,
    (Status.RESTORE_REVIEW, Event.PUBLISH): Status.PUBLISHED,  # keeps its 索引号
    (Status.RESTORE_REVIEW, Event.DECLINE_RESTORE): Status.WITHDRAWN,
    **{(state, Event.PROPOSE_VALIDITY): state for state in _DECIDED},
    **{(state, Event.VALIDITY): state for state in _DECIDED},
    **{(state, Event.DECLINE_VALIDITY): state for state in _DECIDED},
    **{(state, Event.EXPIRE): state for state in _DECIDED},
}

#: Roles that may fire each event (checked separately from the table; SYSTEM = scheduled jobs).
EVENT_ROLES: dict[Event, frozenset[str]] = {
    Event.CREATE: frozenset({Role.EDITOR}),
    Event.REVISE: frozenset({Role.EDITOR}),
    Event.SUBMIT_FOR_REVIEW: frozenset({Role.EDITOR}),
    Event.SUBMIT: frozenset({Role.EDITOR}),
    Event.APPROVE_REVIEW: frozenset({Role.REVIEWER}),
    Event.PASS_SECRECY: frozenset({Role.SECRECY}),
    Event.RETURN: frozenset({Role.REVIEWER, Role.SECRECY, Role.APPROVER}),
    Event.PUBLISH: frozenset({Role.APPROVER}),
    Event.SCHEDULE: frozenset({Role.APPROVER}),
    Event.FILE: frozenset({Role.APPROVER}),
    Event.PUBLISH_REVISION: frozenset({Role.APPROVER}),
    Event.ABANDON: frozenset({Role.EDITOR}),
    Event.RELEASE: SYSTEM,
    Event.WITHDRAW: frozenset({Role.APPROVER, Role.ORGAN_ADMIN}),
    Event.RESTORE: frozenset({Role.EDITOR, Role.ORGAN_ADMIN}),
    Event.DECLINE_RESTORE: frozenset({Role.APPROVER}),
    Event.PROPOSE_VALIDITY: frozenset({Role.EDITOR, Role.ORGAN_ADMIN}),
    Event.VALIDITY: frozenset({Role.APPROVER}),
    Event.DECLINE_VALIDITY: frozenset({Role.APPROVER}),
    Event.EXPIRE: SYSTEM,
}


# ---- guards: the organ's 审核 setting, and what a revision may do ----------------------------


def _review_step_on(item: Item) -> str | None:
    if item.organ.review_step:
        return None
    return "本机关未启用审核环节，草稿直接提交保密审查。"


def _review_step_off(item: Item) -> str | None:
    if not item.organ.review_step:
        return None
    return "本机关发布前须经审核，请先提交审核。"


def _not_a_revision(item: Item) -> str | None:
    if item.revision_of_id is None:
        return None
    return "修订稿签发后替换原信息的公开页面，请使用“签发修订”。"


def _a_revision(item: Item) -> str | None:
    return None if item.revision_of_id is not None else "只有修订稿可以执行此操作。"


GUARDS: dict[Event, Guard] = {
    Event.SUBMIT_FOR_REVIEW: _review_step_on,
    Event.SUBMIT: _review_step_off,
    Event.REVISE: _a_revision,
    Event.PUBLISH: _not_a_revision,
    Event.SCHEDULE: _not_a_revision,
    Event.FILE: _not_a_revision,
    Event.PUBLISH_REVISION: _a_revision,
    Event.ABANDON: _a_revision,
}
# Whether a 有效性 proposal waits is not a guard: the services set and clear it on the way
# (`services.published`), and a guard is asked again when the event fires.


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
    guards=GUARDS,
)

next_status = ITEM_MACHINE.next_status
allowed_events = ITEM_MACHINE.allowed_events
