"""Application workflow services. `APP_MACHINE.fire` (through `application_transition`) is the
only writer of `status`.

Every service locks the row, checks the staff member's role and the rules, moves the state
through the table, recomputes the due date (deadline_sync) and writes one audit event, all in one
transaction (the answer and its sign-off: `services/signoff.py`; the Art. 33 extension:
`services/extension.py`). The `*_check` functions are the state and rule checks of the services
that have more than the table's: the staff actions (`gongkai.applications.actions`) call the
same functions to decide whether to offer a form, and the services call them again under the
lock.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications import deadlines, fees, rules
from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import (
    CLOCK_RUNNING_STATUSES,
    Application,
    AppStatus,
    Consultation,
)
from gongkai.applications.notifications import notify_overdue
from gongkai.applications.services.deadline_sync import application_recompute_due, refresh_due
from gongkai.applications.services.reminders import overdue_notify
from gongkai.applications.transitions import (
    APP_MACHINE,
    APPROVER_ROLES,
    HANDLER_ROLES,
    NOT_HANDLER,
    AppEvent,
    InvalidTransition,
    by_applicant,
)
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.workcal.calendar import default_calendar
from gongkai.orgs.permissions import require_roles


def _locked(app: Application) -> Application:
    return APP_MACHINE.lock(app)


def application_transition(
    *,
    actor: Actor,
    app: Application,
    event: AppEvent,
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> Application:
    """Move `app` along the table, recompute its deadline and audit. Caller holds the lock.

    The machine checks the actor's roles, except when the applicant fires one of their own
    events through the public page (`by_applicant`): no account, no role, the page verified the
    查询码 and number tail instead.
    """
    return APP_MACHINE.fire(
        actor=actor,
        obj=app,
        event=event,
        comment=comment,
        data=data,
        before_save=refresh_due,
        check_roles=not by_applicant(actor, event),
    )


def _check(actor: Actor, app: Application, event: AppEvent) -> None:
    """Roles (unless the applicant acts) and the table, before the service's own rules."""
    if by_applicant(actor, event):
        APP_MACHINE.next_status(app.status, event)
    else:
        APP_MACHINE.check(actor, app, event)


def _check_date(day: date, *, not_before: date | None, label: str, earlier_label: str) -> None:
    if not_before is not None and day < not_before:
        raise ValidationError(f"{label}不能早于{earlier_label}（{not_before:%Y年%m月%d日}）。")


# ----- the state and rule checks the staff actions share -------------------------------------


def correction_request_check(app: Application) -> None:
    """告知补正: the table, a known receipt date, and Art. 30's single notice."""
    APP_MACHINE.next_status(app.status, AppEvent.REQUEST_CORRECTION)
    rules.check_single_correction_notice(notified_on=app.correction_requested_on)
    if app.receipt_date is None:
        raise InvalidTransition("尚未确认收到申请，不能告知补正。")


def consultation_reply_check(app: Application) -> None:
    """登记意见: only while a consultation is open (Art. 32 / 34)."""
    if app.status != AppStatus.CONSULTING:
        raise InvalidTransition("只有征求意见中的申请可以登记意见。")


def extension_check(app: Application, *, days: int | None = None) -> None:
    """Art. 33 para 2: an open case whose clock runs, extended once, by at most 20 working days."""
    if not app.is_open or app.status == AppStatus.AWAITING_CONFIRMATION:
        raise InvalidTransition("只有办理中的申请可以延期。")
    try:
        deadlines.check_extension(extended_before=app.extended, days=days)
    except deadlines.DeadlineInputError as exc:
        raise ValidationError(str(exc)) from exc


def delay_check(app: Application) -> None:
    """Art. 35: a delayed answer date is set while the case is open."""
    if not app.is_open:
        raise InvalidTransition("已办结的申请不能设置延迟答复期限。")


def fee_notice_check(app: Application) -> None:
    """109号: one fee notice per case (never charged twice), from 办理中."""
    if app.fee_method:
        raise ValidationError("本申请已发出过收费通知，不得重复计费。")
    APP_MACHINE.next_status(app.status, AppEvent.SEND_FEE_NOTICE)


def delivery_check(app: Application) -> None:
    """登记送达: an answered case, once. An answer waiting for 审核 / 签发 is not an answer yet
    (`services/signoff.py`): it cannot be delivered before it is signed."""
    if app.status in (AppStatus.ANSWER_REVIEW, AppStatus.ANSWER_SIGNOFF):
        raise InvalidTransition("答复尚未签发，不能登记送达。请待签发后再送达。")
    if app.status != AppStatus.ANSWERED or app.answered_on is None:
        raise InvalidTransition("只有已答复的申请可以登记送达。")
    if app.delivered_on is not None:
        raise ValidationError(f"本申请已于{app.delivered_on:%Y年%m月%d日}登记送达。")


# ----- the services --------------------------------------------------------------------------


@transaction.atomic
def application_confirm_receipt(
    *, actor: Actor, app: Application, confirmed_on: date
) -> Application:
    """Art. 31(二)(三): the confirmation date is the receipt date; the clock starts."""
    app = _locked(app)
    _check(actor, app, AppEvent.CONFIRM_RECEIPT)
    _check_date(
        confirmed_on, not_before=app.submitted_on, label="确认日期", earlier_label="提交日期"
    )
    app.confirmed_on = confirmed_on
    app.receipt_date = confirmed_on
    app.clock_start = confirmed_on
    return application_transition(
        actor=actor,
        app=app,
        event=AppEvent.CONFIRM_RECEIPT,
        data={"confirmed_on": confirmed_on.isoformat()},
    )


@transaction.atomic
def application_request_correction(
    *, actor: Actor, app: Application, on: date, items: str, deadline: date
) -> Application:
    """Art. 30: one single 补正 notice within 7 working days, stating what and by when."""
    app = _locked(app)
    _check(actor, app, AppEvent.REQUEST_CORRECTION)
    correction_request_check(app)
    if not items.strip():
        raise ValidationError("请写明需要补正的事项。")
    receipt = app.receipt_date or app.submitted_on  # known: correction_request_check
    _check_date(on, not_before=receipt, label="补正告知日期", earlier_label="收到申请之日")
    if deadline <= on:
        raise ValidationError("补正期限应晚于补正告知日期。")
    late = on > deadlines.correction_notice_due(receipt, default_calendar())
    app.correction_requested_on = on
    app.correction_items = items.strip()
    app.correction_deadline = deadline
    return application_transition(
        actor=actor,
        app=app,
        event=AppEvent.REQUEST_CORRECTION,
        comment=items.strip(),
        data={"deadline": deadline.isoformat(), "late_notice": late},
    )


@transaction.atomic
def application_receive_correction(
    *, actor: Actor, app: Application, on: date, text: str = ""
) -> Application:
    """Art. 30: the answer period counts again from receipt of the corrected application.

    `actor` is None when the applicant answers online (the public status page)."""
    app = _locked(app)
    _check(actor, app, AppEvent.CORRECTION_RECEIVED)
    if app.correction_requested_on is None:
        raise InvalidTransition("本申请没有补正告知。")
    _check_date(
        on, not_before=app.correction_requested_on, label="补正日期", earlier_label="补正告知日期"
    )
    app.correction_received_on = on
    app.correction_text = text.strip()
    app.clock_start = on
    return application_transition(
        actor=actor,
        app=app,
        event=AppEvent.CORRECTION_RECEIVED,
        comment=text.strip()[:500],
        data={"received_on": on.isoformat()},
    )


@transaction.atomic
def application_start_consultation(
    *, actor: Actor, app: Application, kind: str, party: str, sent_on: date
) -> Consultation:
    """Art. 32 / 34: written consultation; the reply window is 15 working days from receipt."""
    app = _locked(app)
    _check(actor, app, AppEvent.START_CONSULTATION)
    if kind not in Consultation.Kind.values:
        raise ValidationError("征求意见类型无效。")
    if not party.strip():
        raise ValidationError("请填写征求意见的对象。")
    _check_date(
        sent_on, not_before=app.clock_start, label="征求意见日期", earlier_label="期限起算日"
    )
    consultation = Consultation.objects.create(
        application=app,
        kind=kind,
        party=party.strip(),
        sent_on=sent_on,
        reply_due=deadlines.consultation_reply_due(sent_on, default_calendar()),
    )
    application_transition(
        actor=actor,
        app=app,
        event=AppEvent.START_CONSULTATION,
        comment=party.strip(),
        data={"consultation": consultation.pk, "kind": kind, "sent_on": sent_on.isoformat()},
    )
    return consultation


@transaction.atomic
def application_record_consultation_reply(
    *,
    actor: Actor,
    consultation: Consultation,
    replied_on: date | None,
    opinion: str = "",
    agrees: bool | None = None,
) -> Application:
    """Record the reply (or, with `replied_on=None`, that the window closed in silence: Art. 34
    silence means consent; Art. 32 silence leaves the decision to the organ)."""
    app = _locked(consultation.application)
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.replied_on is not None:
        raise ValidationError("该征求意见已记录答复。")
    if replied_on is not None:
        _check_date(
            replied_on,
            not_before=consultation.sent_on,
            label="收到意见日期",
            earlier_label="征求意见日期",
        )
    consultation.replied_on = replied_on or consultation.reply_due
    consultation.opinion = opinion.strip() or ("逾期未提出意见" if replied_on is None else "")
    consultation.agrees = (
        agrees
        if replied_on is not None
        else (True if consultation.kind == Consultation.Kind.ORGAN else None)
    )
    consultation.save()
    if not app.consultations.filter(replied_on__isnull=True).exists():
        return application_transition(
            actor=actor,
            app=app,
            event=AppEvent.END_CONSULTATION,
            data={"consultation": consultation.pk},
        )
    application_recompute_due(app, save=True)
    return app


@transaction.atomic
def application_set_delayed_due(
    *, actor: Actor, app: Application, due: date, reason: str
) -> Application:
    """Art. 35: a reasonable delayed answer date set by the organ for excessive requests."""
    app = _locked(app)
    require_roles(actor, app.organ, APPROVER_ROLES, message=NOT_HANDLER)
    delay_check(app)
    if not reason.strip():
        raise ValidationError("请说明申请数量、频次明显超过合理范围的理由。")
    app.delayed_due_date = due
    application_recompute_due(app, save=False)  # refuses a date before the statutory one
    app.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.DELAY,
        obj=app,
        organ_id=app.organ_id,
        comment=reason.strip(),
        data={"due": due.isoformat()},
    )
    return app


@transaction.atomic
def application_send_fee_notice(
    *, actor: Actor, app: Application, method: str, units: int, on: date
) -> Application:
    """109号: 按件 or 按量 (never both); 按件 counts the applicant's items this calendar month."""
    app = _locked(app)
    APP_MACHINE.check_roles(actor, app, AppEvent.SEND_FEE_NOTICE)
    fee_notice_check(app)  # 重复计费 is named before the table's refusal
    if units <= 0:
        raise ValidationError("计费件数或页数必须大于0。")
    if method == fees.FeeMethod.BY_VOLUME:
        amount = fees.fee_by_volume(units)
    elif method == fees.FeeMethod.BY_ITEM:
        amount = fees.fee_by_item(items_before_in_month=_items_this_month(app, on), items=units)
    else:
        raise ValidationError("收费方式只能是按件计收或按量计收。")
    if amount <= Decimal(0):
        raise ValidationError("按规定本申请不收费，无需发出收费通知。")
    app.fee_method, app.fee_units, app.fee_amount, app.fee_notice_on = method, units, amount, on
    return application_transition(
        actor=actor,
        app=app,
        event=AppEvent.SEND_FEE_NOTICE,
        data={"method": method, "units": units, "amount": str(amount)},
    )


def _items_this_month(app: Application, on: date) -> int:
    """按件 items already charged to the same applicant in the same calendar month (Art. 4)."""
    from django.db.models import Q, Sum

    same = Q(id_number=app.id_number) if app.id_number else Q(credit_code=app.credit_code)
    total = (
        Application.objects.filter(same, fee_method=fees.FeeMethod.BY_ITEM)
        .filter(fee_notice_on__year=on.year, fee_notice_on__month=on.month)
        .exclude(pk=app.pk)
        .aggregate(n=Sum("fee_units"))["n"]
    )
    return int(total or 0)


@transaction.atomic
def application_record_payment(*, actor: Actor, app: Application, on: date) -> Application:
    app = _locked(app)
    _check(actor, app, AppEvent.FEE_PAID)
    if app.fee_notice_on is None:
        raise InvalidTransition("本申请没有收费通知。")
    _check_date(on, not_before=app.fee_notice_on, label="缴费日期", earlier_label="收费通知日期")
    app.fee_paid_on = on
    return application_transition(
        actor=actor, app=app, event=AppEvent.FEE_PAID, data={"paid_on": on.isoformat()}
    )


@transaction.atomic
def application_record_delivery(*, actor: Actor, app: Application, on: date) -> Application:
    app = _locked(app)
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    delivery_check(app)
    _check_date(on, not_before=app.answered_on, label="送达日期", earlier_label="答复日期")
    app.delivered_on = on
    app.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.DELIVER,
        obj=app,
        organ_id=app.organ_id,
        data={"delivered_on": on.isoformat()},
    )
    return app


@transaction.atomic
def application_withdraw(
    *, actor: Actor, app: Application, on: date, reason: str = ""
) -> Application:
    """The applicant withdraws (online, `actor=None`, or recorded by staff)."""
    app = _locked(app)
    _check(actor, app, AppEvent.WITHDRAW)
    app.withdrawn_on = on
    return application_transition(
        actor=actor,
        app=app,
        event=AppEvent.WITHDRAW,
        comment=reason.strip(),
    )


@transaction.atomic
def application_archive(*, actor: Actor, app: Application, on: date | None = None) -> Application:
    app = _locked(app)
    _check(actor, app, AppEvent.ARCHIVE)
    app.archived_on = on or timezone.localdate()
    return application_transition(actor=actor, app=app, event=AppEvent.ARCHIVE)


def applications_close_lapsed(*, today: date | None = None) -> list[int]:
    """Close cases whose 补正 period or fee-payment window lapsed (Art. 30; 109号). Idempotent."""
    today = today or timezone.localdate()
    closed = []
    for pk in Application.objects.filter(
        status=AppStatus.CORRECTION, correction_deadline__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            app = _locked(Application(pk=pk))
            if app.status != AppStatus.CORRECTION:
                continue
            app.outcome, app.answered_on = "other.no_correction", today
            app.outcome_reason = "申请人无正当理由逾期不补正，视为放弃申请（《条例》第三十条）。"
            application_transition(actor=None, app=app, event=AppEvent.CORRECTION_LAPSED)
            closed.append(pk)
    cal = default_calendar()  # one calendar for the whole run
    for pk in Application.objects.filter(status=AppStatus.FEE_PENDING).values_list("pk", flat=True):
        with transaction.atomic():
            app = _locked(Application(pk=pk))
            if app.status != AppStatus.FEE_PENDING or app.fee_notice_on is None:
                continue
            if deadlines.fee_payment_due(app.fee_notice_on, cal) >= today:
                continue
            app.outcome, app.answered_on = "other.no_fee_payment", today
            app.outcome_reason = "申请人逾期未缴纳信息处理费，视为放弃申请。"
            application_transition(actor=None, app=app, event=AppEvent.FEE_LAPSED)
            closed.append(pk)
    return closed


def applications_mark_overdue(*, now: datetime | None = None) -> list[int]:
    """Flag open cases past their due date once each (marker column keeps the job idempotent)
    and notify the organ. One service for the task and `gongkai applications mark-overdue`."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    marked = []
    qs = Application.objects.filter(
        status__in=CLOCK_RUNNING_STATUSES,  # an answer waiting for 签发 can be overdue too
        overdue_notified_at__isnull=True,
    )
    for app in qs:
        due = app.due_date
        if due is None or due >= today:
            continue
        with transaction.atomic():
            updated = Application.objects.filter(
                pk=app.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not updated:
                continue
            audit_record(
                actor=None,
                action=ApplicationAudit.OVERDUE,
                obj=app,
                organ_id=app.organ_id,
                data={"due": due.isoformat()},
            )
            transaction.on_commit(partial(notify_overdue, app.pk))
            overdue_notify(app, due=due)  # the handler and the 公开办, in the inbox (issue 13)
            marked.append(app.pk)
    return marked
