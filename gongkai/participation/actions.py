"""The staff actions of a consultation page, one `gongkai.core.actions.Action` each.

`check()` decides both whether the page offers an action's form and whether its POST runs (the
machine's roles, table and guards for a transition; the consultation's state for the others);
the services ask again under the row lock. `execute()` calls one service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form

from gongkai.core.actions import Action, ActionRegistry
from gongkai.participation import forms as f
from gongkai.participation import selectors
from gongkai.participation.models import COUNTED, CommentStatus, Consultation, ConsultationStatus
from gongkai.participation.services import consultations as svc
from gongkai.participation.transitions import (
    CONSULTATION_MACHINE,
    HANDLER_ROLES,
    NOT_HANDLER,
    ConsultationEvent,
)


def _comment_choices(consultation: Consultation, *, ungrouped: bool) -> list[tuple[int, str]]:
    qs = consultation.comments.filter(status__in=COUNTED)
    if ungrouped:
        qs = qs.filter(group__isnull=True)
    return [(c.pk, f"#{c.pk} {c.body[:40]}") for c in qs.order_by("pk")]


class ConsultationAction(Action[Consultation]):
    roles: ClassVar[frozenset[str]] = HANDLER_ROLES
    form_class: ClassVar[type[Form]] = f.EmptyForm
    button: ClassVar[str] = ""
    done: ClassVar[str] = ""
    #: States in which the action is offered (empty: any).
    states: ClassVar[tuple[str, ...]] = (ConsultationStatus.OPEN,)
    service: ClassVar[Callable[..., Any]]

    @property
    def consultation(self) -> Consultation:
        return self.subject

    def check(self) -> None:
        if not self._roles_of(self.actor, self.consultation) & self.roles:
            raise PermissionDenied(NOT_HANDLER)
        if self.states and self.consultation.status not in self.states:
            label = self.consultation.get_status_display()
            raise ValidationError(f"征求意见当前状态为“{label}”。")

    def form(self, data: Any = None, files: Any = None) -> Form:
        return self.form_class(data)

    def execute(self, **cd: Any) -> Any:
        return self.service(actor=self.actor, consultation=self.consultation, **cd)


class _FeedbackNotPublished(ConsultationAction):
    def check(self) -> None:
        super().check()
        if self.consultation.feedback_published_at is not None:
            raise ValidationError("采纳情况反馈已公布。")


class Open(ConsultationAction):
    name, label, button = "open", "发布征求意见", "发布"
    states = (ConsultationStatus.DRAFT,)
    done = "征求意见已发布。"
    service = staticmethod(svc.consultation_open)

    def check(self) -> None:
        super().check()
        CONSULTATION_MACHINE.check_state(self.consultation, ConsultationEvent.OPEN)


class Edit(ConsultationAction):
    name, label, button = "edit", "修改草稿", "保存修改"
    states = (ConsultationStatus.DRAFT,)
    done = "草稿已修改。"

    def form(self, data: Any = None, files: Any = None) -> Form:
        c = self.consultation
        initial = {
            "kind": c.kind,
            "title": c.title,
            "draft_text": c.draft_text,
            "explanation": c.explanation,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "shortened_reason": c.shortened_reason,
            "contact": c.contact,
        }
        return f.EditConsultationForm(data, initial=initial)

    def execute(self, **cd: Any) -> Any:
        return svc.consultation_update(
            actor=self.actor, consultation=self.consultation, fields=svc.ConsultationFields(**cd)
        )


class Record(ConsultationAction):
    name, label, button = "record", "登记来信来函意见", "登记"
    form_class = f.RecordCommentForm
    done = "意见已登记。"
    service = staticmethod(svc.comment_record)


class Moderate(ConsultationAction):
    name, label, button = "moderate", "审核网上意见", "提交审核结果"
    form_class = f.ModerateForm
    done = "审核结果已保存。"

    def execute(self, **cd: Any) -> Any:
        comment = self.consultation.comments.filter(pk=cd["comment_id"]).first()
        if comment is None or comment.status == CommentStatus.RECORDED:
            raise ValidationError("没有这条网上意见。")
        return svc.comment_moderate(
            actor=self.actor, comment=comment, show=cd["show"], reason=cd.get("reason") or ""
        )


class Group(_FeedbackNotPublished):
    name, label, button = "group", "归类意见并说明采纳情况", "保存归类"
    done = "已保存该类意见的采纳情况。"
    service = staticmethod(svc.feedback_group_add)

    def form(self, data: Any = None, files: Any = None) -> Form:
        return f.GroupForm(data, comments=_comment_choices(self.consultation, ungrouped=True))


class Assign(_FeedbackNotPublished):
    name, label, button = "assign", "将意见归入已有归类", "归入"
    done = "意见已归类。"

    def check(self) -> None:
        super().check()
        if not self.consultation.feedback_groups.exists():
            raise ValidationError("还没有归类。")

    def form(self, data: Any = None, files: Any = None) -> Form:
        return f.AssignForm(
            data,
            groups=self.consultation.feedback_groups.all(),
            comments=_comment_choices(self.consultation, ungrouped=True),
        )

    def execute(self, **cd: Any) -> Any:
        return svc.comments_group(
            actor=self.actor,
            consultation=self.consultation,
            group=cd["group"],
            comment_ids=cd["comment_ids"],
        )


class Feedback(_FeedbackNotPublished):
    name, label, button = "feedback", "公布采纳情况反馈", "公布反馈"
    form_class = f.FeedbackForm
    done = "采纳情况反馈已公布。"
    service = staticmethod(svc.feedback_publish)


class Close(ConsultationAction):
    name, label, button = "close", "办结征求意见", "办结"
    done = "征求意见已办结。"
    service = staticmethod(svc.consultation_close)

    def check(self) -> None:
        super().check()
        CONSULTATION_MACHINE.check_state(self.consultation, ConsultationEvent.CLOSE)


class Link(ConsultationAction):
    name, label, button = "link", "关联正式文件", "保存关联"
    states = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
    done = "已保存与正式文件的关联。"
    service = staticmethod(svc.consultation_link_final)

    def form(self, data: Any = None, files: Any = None) -> Form:
        organ = self.consultation.organ
        ids = [int(x) for x in organ.path.strip("/").split("/") if x] or [organ.pk]
        return f.ItemLinkForm(data, items=selectors.items_for_linking(self.actor, ids))


CONSULTATION_ACTIONS: ActionRegistry[Consultation] = ActionRegistry(
    [Open, Edit, Moderate, Record, Group, Assign, Feedback, Close, Link]
)
