"""The item page's staff actions (`gongkai.core.actions`): one `check()` per button.

The page draws a button only when its action's `check()` passes; the services check the same
rules again under the row lock, so a POST without a button is refused the same way.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied

from gongkai.catalog.models import Item, Status
from gongkai.catalog.services.revisions import REVISABLE_STATES, open_revision
from gongkai.catalog.services.workflow import PUBLIC_ATTRIBUTES
from gongkai.catalog.transitions import EVENT_ROLES, ITEM_MACHINE, Event
from gongkai.core.actions import Action, ActionRegistry
from gongkai.core.actors import Actor
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for


def item_roles(actor: Actor, item: Item) -> set[str]:
    return roles_for(actor, item.organ)


class ItemEventAction(Action[Item]):
    """An action that fires one event of the item machine: its roles and its table."""

    event: ClassVar[Event]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.roles = EVENT_ROLES[cls.event]  # the table's roles, never a copy

    def check(self) -> None:
        super().check()  # roles (a SYSTEM event has none, so no person passes)
        ITEM_MACHINE.check_state(self.subject, self.event)  # the table and its guard


class SubmitForReviewAction(ItemEventAction):
    """提交审核: the organ's 审核 step is on (the table's guard says which submit shows)."""

    name, label, event = "submit_for_review", "提交审核", Event.SUBMIT_FOR_REVIEW


class SubmitAction(ItemEventAction):
    name, label, event = "submit", "提交保密审查", Event.SUBMIT


class ApproveReviewAction(ItemEventAction):
    name, label, event = "approve_review", "审核通过", Event.APPROVE_REVIEW


class PassSecrecyAction(ItemEventAction):
    name, label, event = "pass_secrecy", "保密审查通过", Event.PASS_SECRECY


class ReturnAction(ItemEventAction):
    name, label, event = "return", "退回", Event.RETURN


class PublishAction(ItemEventAction):
    name, label, event = "publish", "签发并发布", Event.PUBLISH
    confirm = "确定签发并发布？发布后将在门户公开。"

    def check(self) -> None:
        super().check()
        if self.subject.attribute not in PUBLIC_ATTRIBUTES:
            raise PermissionDenied("该信息不属于主动公开，签发后不在门户发布。")


class ScheduleAction(PublishAction):
    name, label, event = "schedule", "签发并定时发布", Event.SCHEDULE
    confirm = ""


class FileAction(ItemEventAction):
    name, label, event = "file", "签发（不公开发布）", Event.FILE

    def check(self) -> None:
        super().check()
        if self.subject.attribute in PUBLIC_ATTRIBUTES:
            raise PermissionDenied("主动公开的信息签发后即发布。")


class PublishRevisionAction(ItemEventAction):
    """签发修订: the revision's text replaces the published item's public page."""

    name, label, event = "publish_revision", "签发修订", Event.PUBLISH_REVISION
    confirm = "确定签发修订？原信息的公开页面将替换为修订后的内容，并显示更新日期和修订说明。"


class AbandonAction(ItemEventAction):
    name, label, event = "abandon", "放弃修订", Event.ABANDON
    confirm = "确定放弃这份修订稿？已发布的信息保持不变。"


class WithdrawAction(ItemEventAction):
    name, label, event = "withdraw", "撤回", Event.WITHDRAW
    confirm = "确定撤回该信息？公开页面将显示撤回时间和原因。"


class RestoreAction(ItemEventAction):
    name, label, event = "restore", "申请恢复发布", Event.RESTORE


class DeclineRestoreAction(ItemEventAction):
    name, label, event = "decline_restore", "不同意恢复发布", Event.DECLINE_RESTORE


class ValidityAction(ItemEventAction):
    """签发 changes the 有效性 directly (it is the post that approves such changes)."""

    name, label, event = "validity", "修改有效性", Event.VALIDITY


class ProposeValidityAction(ItemEventAction):
    name, label, event = "propose_validity", "提请变更有效性", Event.PROPOSE_VALIDITY

    def check(self) -> None:
        super().check()
        if self.subject.validity_proposed:
            raise PermissionDenied("已有待签发的有效性变更。")


def _proposal_waits(item: Item) -> None:
    """签发 decides a proposed 有效性 change only while one waits."""
    if not item.validity_proposed:
        raise PermissionDenied("没有待签发的有效性变更。")


class ApproveValidityAction(ItemEventAction):
    name, label, event = "approve_validity", "同意有效性变更", Event.VALIDITY

    def check(self) -> None:
        super().check()
        _proposal_waits(self.subject)


class DeclineValidityAction(ItemEventAction):
    name, label, event = "decline_validity", "不同意有效性变更", Event.DECLINE_VALIDITY

    def check(self) -> None:
        super().check()
        _proposal_waits(self.subject)


class ReviseAction(Action[Item]):
    """修订: 采编 opens a revision of a published (or withdrawn) item, when none is open."""

    name, label = "revise", "修订"
    roles = EVENT_ROLES[Event.REVISE]

    def check(self) -> None:
        super().check()
        item = self.subject
        if item.revision_of_id is not None or item.status not in REVISABLE_STATES:
            raise PermissionDenied("只有已发布或已撤回的信息可以修订。")
        if open_revision(item) is not None:
            raise PermissionDenied("已有一份修订稿正在办理。")


class EditAction(Action[Item]):
    """Edit the draft (and its attachments): 采编 of the organ, drafts only."""

    name, label = "edit", "修改"
    roles = frozenset({Role.EDITOR.value})

    def check(self) -> None:
        super().check()
        if self.subject.status != Status.DRAFT:
            raise PermissionDenied("只有草稿可以修改。")


class AcknowledgeAction(Action[Item]):
    """Confirm a 保密扫描 finding: the 保密审查 role, while the item waits for it."""

    name, label = "acknowledge", "确认"
    roles = EVENT_ROLES[Event.PASS_SECRECY]

    def check(self) -> None:
        super().check()
        if self.subject.status != Status.SECRECY_REVIEW:
            raise PermissionDenied("该信息不在保密审查环节。")


ITEM_ACTIONS: ActionRegistry[Item] = ActionRegistry(
    [
        EditAction,
        SubmitForReviewAction,
        SubmitAction,
        ApproveReviewAction,
        AcknowledgeAction,
        PassSecrecyAction,
        ReturnAction,
        PublishAction,
        ScheduleAction,
        FileAction,
        PublishRevisionAction,
        AbandonAction,
        ReviseAction,
        WithdrawAction,
        RestoreAction,
        DeclineRestoreAction,
        ValidityAction,
        ProposeValidityAction,
        ApproveValidityAction,
        DeclineValidityAction,
    ]
)


def item_actions_allowed(*, actor: Actor, item: Item, roles: set[str]) -> dict[str, bool]:
    """name → whether the actor may run it now (the item page's buttons).

    `roles` are the actor's roles in the item's organ, read once for the page."""
    available = ITEM_ACTIONS.available(actor=actor, subject=item, roles_of=lambda _a, _i: roles)
    allowed = {action.name for action in available}
    return {name: name in allowed for name in ITEM_ACTIONS.names()}
