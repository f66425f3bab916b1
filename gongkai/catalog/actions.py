"""The item page's staff actions (`gongkai.core.actions`): one `check()` per button.

The page draws a button only when its action's `check()` passes; the services check the same
rules again under the row lock, so a POST without a button is refused the same way.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied

from gongkai.catalog.models import Item, Status
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
        ITEM_MACHINE.next_status(self.subject.status, self.event)


class SubmitAction(ItemEventAction):
    name, label, event = "submit", "提交保密审查", Event.SUBMIT


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


class WithdrawAction(ItemEventAction):
    name, label, event = "withdraw", "撤回", Event.WITHDRAW
    confirm = "确定撤回该信息？公开页面将显示撤回时间和原因。"


class ValidityAction(ItemEventAction):
    name, label, event = "validity", "修改有效性", Event.VALIDITY


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
        SubmitAction,
        AcknowledgeAction,
        PassSecrecyAction,
        ReturnAction,
        PublishAction,
        ScheduleAction,
        FileAction,
        WithdrawAction,
        ValidityAction,
    ]
)


def item_actions_allowed(*, actor: Actor, item: Item, roles: set[str]) -> dict[str, bool]:
    """name → whether the actor may run it now (the item page's buttons).

    `roles` are the actor's roles in the item's organ, read once for the page."""
    available = ITEM_ACTIONS.available(actor=actor, subject=item, roles_of=lambda _a, _i: roles)
    allowed = {action.name for action in available}
    return {name: name in allowed for name in ITEM_ACTIONS.names()}
