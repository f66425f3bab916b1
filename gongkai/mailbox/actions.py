"""The staff actions of a letter page, one `gongkai.core.actions.Action` each.

`check()` decides both whether the page offers an action's form and whether its POST runs: the
machine's roles and table for a transition (`LETTER_MACHINE.check`), the rules the service asks
again under the row lock. A hidden button is never the guard. `execute()` calls one service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form

from gongkai.core.actions import Action, ActionRegistry
from gongkai.mailbox import forms as f
from gongkai.mailbox import selectors
from gongkai.mailbox.models import Letter
from gongkai.mailbox.replies import draft_from_template
from gongkai.mailbox.services import publication as pub
from gongkai.mailbox.services import workflow as wf
from gongkai.mailbox.transitions import HANDLER_ROLES, LETTER_MACHINE, NOT_HANDLER, Event


class LetterAction(Action[Letter]):
    roles: ClassVar[frozenset[str]] = HANDLER_ROLES
    form_class: ClassVar[type[Form]] = f.EmptyForm
    button: ClassVar[str] = ""
    danger: ClassVar[bool] = False
    done: ClassVar[str] = ""
    service: ClassVar[Callable[..., Any]]

    @property
    def letter(self) -> Letter:
        return self.subject

    def check(self) -> None:
        if not self._roles_of(self.actor, self.letter) & self.roles:
            raise PermissionDenied(NOT_HANDLER)

    def form(self, data: Any = None) -> Form:
        return self.form_class(data)

    def execute(self, **cd: Any) -> Any:
        return self.service(actor=self.actor, letter=self.letter, **cd)


class TransitionAction(LetterAction):
    event: ClassVar[Event]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event" in cls.__dict__:
            cls.roles = LETTER_MACHINE.roles[cls.event]

    def check(self) -> None:
        super().check()
        LETTER_MACHINE.check_state(self.letter, self.event)


class Accept(TransitionAction):
    name, label, event = "accept", "受理（本机关办理）", Event.ACCEPT
    done = "已受理，答复期限开始计算。"
    service = staticmethod(wf.letter_accept)


class Assign(TransitionAction):
    name, label, event = "assign", "按责转办", Event.ASSIGN
    button = "转办"
    done = "已转交办理机关。"
    service = staticmethod(wf.letter_assign)

    def form(self, data: Any = None) -> Form:
        return f.OrganForm(data, targets=selectors.transfer_targets(self.letter))


class Reject(TransitionAction):
    name, label, event = "reject", "不予受理", Event.REJECT
    danger = True
    done = "已不予受理，留言人可在查询页面看到理由。"
    service = staticmethod(wf.letter_reject)

    def form(self, data: Any = None) -> Form:
        return f.ReasonForm(data, label="不予受理的理由（留言人可见）")


class MarkDuplicate(TransitionAction):
    name, label, event = "duplicate", "认定为重复留言", Event.MARK_DUPLICATE
    done = "已认定为重复留言。"

    def form(self, data: Any = None) -> Form:
        return f.DuplicateForm(data, originals=selectors.possible_originals(self.letter))

    def check(self) -> None:
        super().check()
        if not selectors.possible_originals(self.letter):
            raise ValidationError("该留言人没有更早的留言。")

    def execute(self, **cd: Any) -> Any:
        return wf.letter_mark_duplicate(
            actor=self.actor, letter=self.letter, original=cd["original"]
        )


class TransferOn(TransitionAction):
    name, label, event = "transfer", "转办", Event.TRANSFER
    done = "已转办。"

    def form(self, data: Any = None) -> Form:
        return f.OrganForm(data, targets=selectors.transfer_targets(self.letter))

    def execute(self, **cd: Any) -> Any:
        return wf.letter_transfer(
            actor=self.actor, letter=self.letter, organ=cd["organ"], reason=cd["reason"]
        )


class ReturnToOffice(TransitionAction):
    name, label, event = "return_to_office", "退回公开办", Event.RETURN_TO_OFFICE
    done = "已退回公开办协调。"
    service = staticmethod(wf.letter_return_to_office)

    def form(self, data: Any = None) -> Form:
        return f.ReasonForm(data, label="退回理由")


class SubmitReply(TransitionAction):
    name, label, event = "reply", "拟定答复送审批", Event.SUBMIT_REPLY
    button = "送审批"
    done = "答复已送审批。"
    service = staticmethod(wf.letter_submit_reply)

    def form(self, data: Any = None) -> Form:
        text = self.letter.draft_reply or draft_from_template(self.letter)
        return f.ReplyForm(data, initial={"text": text})


class ApproveReply(TransitionAction):
    name, label, event = "approve", "审批通过并答复", Event.APPROVE_REPLY
    done = "答复已审批，留言人可以查看。"
    service = staticmethod(wf.letter_approve_reply)


class ReturnReply(TransitionAction):
    name, label, event = "return_reply", "退回修改", Event.RETURN_REPLY
    done = "答复已退回修改。"
    form_class = f.CommentForm
    service = staticmethod(wf.letter_return_reply)


class Extend(LetterAction):
    name, label = "extend", "延长答复期限"
    roles = wf.EXTENSION_ROLES
    done = "答复期限已延长。"
    service = staticmethod(wf.letter_extend)

    def form(self, data: Any = None) -> Form:
        return f.ExtendForm(data)

    def check(self) -> None:
        super().check()
        if not wf.can_extend(self.actor, self.letter):
            raise ValidationError("该留言不能延期。")


class Archive(TransitionAction):
    name, label, event = "archive", "归档", Event.ARCHIVE
    done = "已归档。"
    service = staticmethod(wf.letter_archive)


class Publish(LetterAction):
    name, label = "publish", "公开留言及答复"
    roles = pub.PUBLISH_ROLES
    done = "已在网站公开（个人信息已隐去）。"
    service = staticmethod(pub.letter_publish)

    def check(self) -> None:
        super().check()
        if self.letter.published:
            raise ValidationError("已公开。")
        pub.publication_check(self.letter)


class Unpublish(LetterAction):
    name, label = "unpublish", "撤销公开"
    roles = pub.PUBLISH_ROLES
    danger = True
    done = "已撤销公开。"
    service = staticmethod(pub.letter_unpublish)

    def form(self, data: Any = None) -> Form:
        return f.ReasonForm(data, label="撤销公开的理由")

    def check(self) -> None:
        super().check()
        if not self.letter.published:
            raise ValidationError("未公开。")


LETTER_ACTIONS: ActionRegistry[Letter] = ActionRegistry(
    [
        Accept,
        Assign,
        Reject,
        MarkDuplicate,
        TransferOn,
        ReturnToOffice,
        SubmitReply,
        ApproveReply,
        ReturnReply,
        Extend,
        Archive,
        Publish,
        Unpublish,
    ]
)
