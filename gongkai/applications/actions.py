"""The staff actions of a case page, one `gongkai.core.actions.Action` each.

`check()` decides both whether the case page offers an action's form and whether its POST runs:
the roles (the machine's roles for a transition, `HANDLER_ROLES` or `APPROVER_ROLES` otherwise),
then the state and the legal rules, asked of the same functions the services call again under
the row lock (`APP_MACHINE.next_status`, `services.workflow.*_check`, `rules`, `deadlines`). A
hidden button is never the guard. `execute()` calls the one service of the action.

`roles_of` is the case page's: the roles the user holds in the case's organ, read once per
request (`selectors.case_for_user`), so drawing the page asks the database for them once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form

from gongkai.applications import forms as f
from gongkai.applications import selectors
from gongkai.applications.models import Application
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.casework import application_assign, note_add
from gongkai.applications.services.challenges import challenge_record, challenge_set_result
from gongkai.applications.services.documents import document_generate, letter_kinds
from gongkai.applications.services.transfer import application_transfer
from gongkai.applications.transitions import (
    APP_MACHINE,
    APPROVER_ROLES,
    HANDLER_ROLES,
    NOT_HANDLER,
    AppEvent,
)
from gongkai.core.actions import Action, ActionRegistry


class CaseAction(Action[Application]):
    """An action on one application. Subclasses set `name`, `label`, `form_class`, `done` and
    `service`, which `execute()` calls as `service(actor=…, app=…, **the form's cleaned data)`
    (or override `execute()` where the service takes other arguments)."""

    roles: ClassVar[frozenset[str]] = HANDLER_ROLES
    #: The form and its submit button (the label when empty); `danger` for 撤回.
    form_class: ClassVar[type[Form]]
    button: ClassVar[str] = ""
    danger: ClassVar[bool] = False
    #: What the page says after the action ran.
    done: ClassVar[str] = ""
    #: The one service the action runs (wrapped in `staticmethod`).
    service: ClassVar[Callable[..., Any]]

    @property
    def app(self) -> Application:
        return self.subject

    def check(self) -> None:
        if not self._roles_of(self.actor, self.app) & self.roles:
            raise PermissionDenied(NOT_HANDLER)

    def form(self, data: Any = None) -> Form:
        return self.form_class(data)

    def execute(self, **cd: Any) -> Any:
        return self.service(actor=self.actor, app=self.app, **cd)


class TransitionAction(CaseAction):
    """An action that fires `event`: the machine's roles for the event and its table decide."""

    event: ClassVar[AppEvent]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event" in cls.__dict__:
            cls.roles = APP_MACHINE.roles[cls.event]

    def check(self) -> None:
        super().check()
        APP_MACHINE.next_status(self.app.status, self.event)


class DayAction(TransitionAction):
    """A transition that asks for one date (`day_label`)."""

    form_class = f.DayForm
    day_label: ClassVar[str] = "日期"

    def form(self, data: Any = None) -> Form:
        return f.DayForm(data, label=self.day_label)


class ConfirmReceipt(TransitionAction):
    name = "confirm"
    label = "确认收到申请"
    event = AppEvent.CONFIRM_RECEIPT
    form_class = f.ConfirmForm
    done = "已确认收到申请，答复期限开始计算。"
    service = staticmethod(wf.application_confirm_receipt)


class RequestCorrection(TransitionAction):
    name = "request_correction"
    label = "告知补正"
    event = AppEvent.REQUEST_CORRECTION
    form_class = f.CorrectionRequestForm
    done = "已登记补正告知。请生成补正告知书送达申请人。"
    service = staticmethod(wf.application_request_correction)

    def check(self) -> None:
        super().check()
        wf.correction_request_check(self.app)  # Art. 30: once


class ReceiveCorrection(TransitionAction):
    name = "receive_correction"
    label = "登记收到补正"
    event = AppEvent.CORRECTION_RECEIVED
    form_class = f.ReceiveCorrectionForm
    done = "已登记收到补正，答复期限自收到补正之日起重新计算。"
    service = staticmethod(wf.application_receive_correction)


class StartConsultation(TransitionAction):
    name = "consult"
    label = "征求意见"
    event = AppEvent.START_CONSULTATION
    form_class = f.ConsultForm
    done = "已登记征求意见，征求意见期间不计入答复期限。"
    service = staticmethod(wf.application_start_consultation)


class ConsultationReply(CaseAction):
    name = "consult_reply"
    label = "登记意见"
    form_class = f.ConsultReplyForm
    done = "已登记征求意见的答复。"

    def check(self) -> None:
        super().check()
        wf.consultation_reply_check(self.app)

    def form(self, data: Any = None) -> Form:
        return f.ConsultReplyForm(data, consultations=self.app.consultations.all())

    def execute(self, **cd: Any) -> Any:
        return wf.application_record_consultation_reply(
            actor=self.actor,
            consultation=cd["consultation"],
            replied_on=cd["replied_on"],
            opinion=cd["opinion"],
            agrees=cd["agrees"],
        )


class SendFeeNotice(TransitionAction):
    name = "fee_notice"
    label = "发出收费通知"
    event = AppEvent.SEND_FEE_NOTICE
    form_class = f.FeeNoticeForm
    done = "已登记收费通知。请生成收费通知书送达申请人。"
    service = staticmethod(wf.application_send_fee_notice)

    def check(self) -> None:
        super().check()
        wf.fee_notice_check(self.app)  # 109号: never charged twice


class RecordPayment(DayAction):
    name = "payment"
    label = "登记缴费"
    event = AppEvent.FEE_PAID
    day_label = "缴费日期"
    done = "已登记缴费。"
    service = staticmethod(wf.application_record_payment)


class Extend(CaseAction):
    name = "extend"
    label = "延长答复期限（第三十三条，仅一次）"
    button = "延期"
    roles = APPROVER_ROLES  # Art. 33: approved by the head of the GIO working body
    form_class = f.ExtendForm
    done = "已延长答复期限。请生成延期告知书告知申请人（第三十三条）。"
    service = staticmethod(wf.application_extend)

    def check(self) -> None:
        super().check()
        wf.extension_check(self.app)


class SetDelayedDue(CaseAction):
    name = "delay"
    label = "确定延迟答复日期（第三十五条）"
    button = "确定"
    roles = APPROVER_ROLES
    form_class = f.DelayForm
    done = "已确定延迟答复日期。"
    service = staticmethod(wf.application_set_delayed_due)

    def check(self) -> None:
        super().check()
        wf.delay_check(self.app)


class Answer(TransitionAction):
    name = "answer"
    label = "作出答复"
    event = AppEvent.ANSWER
    form_class = f.AnswerForm
    done = "已记录答复。请生成答复告知书并登记送达。"
    service = staticmethod(wf.application_answer)


class Transfer(TransitionAction):
    """Art. 36(5): answered 本机关不掌握 and registered with the organ that holds it."""

    name = "transfer"
    label = "本机关不掌握，告知并转办（第三十六条第（五）项）"
    button = "转办"
    event = AppEvent.ANSWER
    form_class = f.TransferForm
    done = "已答复“本机关不掌握”，并已转至负责机关登记。"
    service = staticmethod(application_transfer)

    def form(self, data: Any = None) -> Form:
        return f.TransferForm(data, targets=selectors.transfer_targets(self.app))


class RecordDelivery(CaseAction):
    name = "deliver"
    label = "登记送达"
    form_class = f.DayForm
    done = "已登记送达。"
    service = staticmethod(wf.application_record_delivery)

    def check(self) -> None:
        super().check()
        wf.delivery_check(self.app)

    def form(self, data: Any = None) -> Form:
        return f.DayForm(data, label="送达日期")


class Archive(DayAction):
    name = "archive"
    label = "归档"
    event = AppEvent.ARCHIVE
    day_label = "归档日期"
    done = "已归档（第四十五条）。"
    service = staticmethod(wf.application_archive)


class Withdraw(TransitionAction):
    name = "withdraw"
    label = "登记申请人撤回"
    button = "撤回"
    danger = True
    event = AppEvent.WITHDRAW
    form_class = f.StaffWithdrawForm
    done = "已登记申请人撤回申请。"
    service = staticmethod(wf.application_withdraw)


class Assign(CaseAction):
    name = "assign"
    label = "指定承办人"
    button = "保存"
    form_class = f.AssignForm
    done = "已更新承办人。"

    def form(self, data: Any = None) -> Form:
        return f.AssignForm(data, users=selectors.assignable_users([self.app.organ]))

    def execute(self, **cd: Any) -> Any:
        pk = cd["assignee"]
        assignee = get_user_model().objects.filter(pk=pk).first() if pk else None
        return application_assign(actor=self.actor, app=self.app, assignee=assignee)


class AddNote(CaseAction):
    name = "note"
    label = "添加备注"
    button = "添加"
    form_class = f.NoteForm
    done = "已添加备注。"
    service = staticmethod(note_add)


class GenerateDocument(CaseAction):
    """A letter is the organ's official act: its handlers only, and only a letter that fits."""

    name = "document"
    label = "生成文书（DOCX）"
    button = "生成"
    form_class = f.DocumentForm
    done = "文书已生成，可在“办理文书”中下载。"

    def check(self) -> None:
        super().check()
        if not letter_kinds(self.app):
            raise ValidationError("本申请目前没有可生成的文书。")

    def form(self, data: Any = None) -> Form:
        return f.DocumentForm(data, kinds=letter_kinds(self.app))

    def execute(self, **cd: Any) -> Any:
        kind, _, consultation_pk = str(cd["kind"]).partition(":")
        consultation = (
            self.app.consultations.get(pk=int(consultation_pk)) if consultation_pk else None
        )
        return document_generate(
            actor=self.actor, app=self.app, kind=kind, consultation=consultation
        )


class RecordChallenge(CaseAction):
    name = "challenge"
    label = "登记行政复议或诉讼"
    button = "登记"
    form_class = f.ChallengeForm
    done = "已登记行政复议或诉讼。"
    service = staticmethod(challenge_record)


class SetChallengeResult(CaseAction):
    name = "challenge_result"
    label = "登记结果"
    form_class = f.ChallengeResultForm
    done = "已登记复议或诉讼结果。"

    def check(self) -> None:
        super().check()
        if not self.app.challenges.exists():
            raise ValidationError("本申请没有登记行政复议或诉讼。")

    def form(self, data: Any = None) -> Form:
        return f.ChallengeResultForm(data, challenges=self.app.challenges.all())

    def execute(self, **cd: Any) -> Any:
        return challenge_set_result(
            actor=self.actor,
            challenge=cd["challenge"],
            result=cd["result"],
            decided_on=cd["decided_on"],
            note=cd["note"],
        )


#: Every action of the case page, by URL name (`/office/applications/<id>/act/<name>/`).
CASE_ACTIONS: ActionRegistry[Application] = ActionRegistry(
    [
        ConfirmReceipt,
        RequestCorrection,
        ReceiveCorrection,
        StartConsultation,
        ConsultationReply,
        SendFeeNotice,
        RecordPayment,
        Extend,
        SetDelayedDue,
        Answer,
        Transfer,
        RecordDelivery,
        Archive,
        Withdraw,
        Assign,
        AddNote,
        GenerateDocument,
        RecordChallenge,
        SetChallengeResult,
    ]
)
