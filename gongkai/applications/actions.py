"""The staff actions of a case page, one `gongkai.core.actions.Action` each.

`check()` decides both whether the case page offers an action's form and whether its POST runs:
the roles (the machine's roles for a transition, `HANDLER_ROLES`, `APPROVER_ROLES` or
`EXTENSION_ROLES` otherwise), then the state and the legal rules, asked of the same functions the
services call again under the row lock (`APP_MACHINE.check_state`: the table and its guards,
`services.*_check`, `rules`, `deadlines`). A hidden button is never the guard. `execute()`
calls the one service of the action.

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
from gongkai.applications.services import extension as ext
from gongkai.applications.services import signoff
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.casework import application_assign, note_add
from gongkai.applications.services.challenges import challenge_record, challenge_set_result
from gongkai.applications.services.documents import document_generate, letter_kinds
from gongkai.applications.services.transfer import application_transfer
from gongkai.applications.transitions import (
    APP_MACHINE,
    APPROVER_ROLES,
    EXTENSION_ROLES,
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
        APP_MACHINE.check_state(self.app, self.event)  # the table and the event's guard


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


class RequestExtension(CaseAction):
    """The handler asks the head of the GIO working body to extend (Art. 33 para 2); a head
    extends directly instead (`Extend`)."""

    name = "request_extension"
    label = "申请延长答复期限（第三十三条，报公开工作机构负责人同意）"
    button = "提交延期申请"
    form_class = f.ExtendForm
    done = "已提交延期申请，待政府信息公开工作机构负责人审批。"
    service = staticmethod(ext.application_request_extension)

    def check(self) -> None:
        super().check()
        if self._roles_of(self.actor, self.app) & EXTENSION_ROLES:
            raise PermissionDenied("您是政府信息公开工作机构负责人，可直接延长答复期限。")
        ext.extension_request_check(self.app)


class Extend(CaseAction):
    name = "extend"
    label = "同意延长答复期限（第三十三条，仅一次）"
    button = "同意延期"
    roles = EXTENSION_ROLES  # Art. 33 para 2: the head of the GIO working body consents
    form_class = f.ExtendForm
    done = "已延长答复期限。请生成延期答复告知书告知申请人（第三十三条）。"
    service = staticmethod(ext.application_extend)

    def check(self) -> None:
        if not self._roles_of(self.actor, self.app) & self.roles:
            raise PermissionDenied(ext.NOT_GIO_HEAD)
        wf.extension_check(self.app)

    def form(self, data: Any = None) -> Form:
        """Prefilled with the handler's request, which the head may shorten or reword."""
        initial = {}
        if self.app.extension_requested_on is not None:
            initial = {
                "days": self.app.extension_requested_days,
                "reason": self.app.extension_requested_reason,
            }
        return f.ExtendForm(data, initial=initial)


class RefuseExtension(CaseAction):
    name = "refuse_extension"
    label = "不同意延期"
    button = "不同意"
    danger = True
    roles = EXTENSION_ROLES
    form_class = f.CommentForm
    done = "已退回延期申请，答复期限不变。"

    def check(self) -> None:
        if not self._roles_of(self.actor, self.app) & self.roles:
            raise PermissionDenied(ext.NOT_GIO_HEAD)
        ext.extension_pending_check(self.app)

    def form(self, data: Any = None) -> Form:
        return f.CommentForm(data, label="不同意的理由")

    def execute(self, **cd: Any) -> Any:
        return ext.application_refuse_extension(
            actor=self.actor, app=self.app, comment=cd["comment"]
        )


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


class Answer(CaseAction):
    """The handler drafts the answer; by the organ's setting it goes to 审核 or 签发 (the guards
    of the transition table decide, `signoff.answer_draft_check`)."""

    name = "answer"
    label = "拟定答复并送审批"
    button = "送审批"
    form_class = f.AnswerForm
    done = "已拟定答复并送审批。答复经签发后方可生成答复告知书并送达。"
    service = staticmethod(signoff.application_draft_answer)

    def check(self) -> None:
        super().check()
        signoff.answer_draft_check(self.app)

    def form(self, data: Any = None) -> Form:
        """A returned draft comes back filled in, to be revised rather than typed again."""
        app = self.app
        initial = {"outcome": app.draft_outcome, "reason": app.draft_reason}
        return f.AnswerForm(data, initial={k: v for k, v in initial.items() if v})


class Transfer(CaseAction):
    """Art. 36(5): answered 本机关不掌握, registered with the organ that holds it once signed."""

    name = "transfer"
    label = "本机关不掌握，告知并转办（第三十六条第（五）项）"
    button = "送审批"
    form_class = f.TransferForm
    done = "已拟定“本机关不掌握”的答复并送审批；签发后将自动转至负责机关登记。"
    service = staticmethod(application_transfer)

    def check(self) -> None:
        super().check()
        signoff.answer_draft_check(self.app)

    def form(self, data: Any = None) -> Form:
        return f.TransferForm(data, targets=selectors.transfer_targets(self.app))


class ReviewAnswer(TransitionAction):
    name = "review_answer"
    label = "审核通过，送签发"
    event = AppEvent.REVIEW_ANSWER
    form_class = f.CommentForm
    done = "答复已审核通过，送签发。"
    service = staticmethod(signoff.application_review_answer)

    def form(self, data: Any = None) -> Form:
        return f.CommentForm(data, label="审核意见", required=False)


class ReturnAnswer(CaseAction):
    """审核 or 签发 returns the draft to the handler; the waiting state decides who may."""

    name = "return_answer"
    label = "退回承办人修改"
    button = "退回"
    danger = True
    form_class = f.CommentForm
    done = "已将答复退回承办人修改。"
    service = staticmethod(signoff.application_return_answer)

    def check(self) -> None:
        event = signoff.return_event(self.app)
        if not self._roles_of(self.actor, self.app) & APP_MACHINE.roles[event]:
            raise PermissionDenied(NOT_HANDLER)

    def form(self, data: Any = None) -> Form:
        return f.CommentForm(data, label="退回意见")


class SignAnswer(TransitionAction):
    name = "sign_answer"
    label = "签发答复"
    event = AppEvent.ANSWER
    form_class = f.SignForm
    done = "答复已签发。请生成答复告知书并登记送达。"
    service = staticmethod(signoff.application_sign_answer)


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
        RequestExtension,
        Extend,
        RefuseExtension,
        SetDelayedDue,
        Answer,
        Transfer,
        ReviewAnswer,
        ReturnAnswer,
        SignAnswer,
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
