"""The answer (答复, Art. 36) and its sign-off: drafted by the handler, signed by the 签发.

The handler drafts the answer (outcome, reason; the letter is previewed from the draft) and
submits it; by the organ's setting (`Organ.answer_signoff`, read by the guards of
`transitions.APP_MACHINE`) it waits for 审核 and then 签发, or for 签发 only. The reviewer passes
it on or returns it; the 签发 signs it (→ 已答复) or returns it; a returned draft comes back to
办理中 with the comment, for the handler to revise and submit again.

Until it is signed the case is not answered: the Art. 33 clock keeps running (`CLOCK_RUNNING_
STATUSES`), nothing can be delivered (`workflow.delivery_check`) and no decision letter issued.
The answer date (`answered_on`) is the day it is signed; the annual report counts the case closed
then. An Art. 36(5) answer that names the organ holding the information (转办) registers the
request with that organ when it is signed, not before.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application, AppStatus
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.services.intake import (
    APPLICANT_FIELDS,
    REQUEST_FIELDS,
    application_register,
)
from gongkai.applications.services.workflow import application_transition
from gongkai.applications.transitions import (
    APP_MACHINE,
    RETURN_EVENTS,
    AppEvent,
    InvalidTransition,
    submit_event,
)
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ

#: Closed by the lapse job (Art. 30; 109号), never drafted by hand.
_SYSTEM_OUTCOMES = frozenset({"other.no_correction", "other.no_fee_payment"})


def _not_before(day: date, earlier: date | None, label: str, earlier_label: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError(f"{label}不能早于{earlier_label}（{earlier:%Y年%m月%d日}）。")


# ----- the state checks the staff actions share ------------------------------------------------


def answer_draft_check(app: Application) -> None:
    """拟定答复: from 办理中, by the organ's path, once the receipt is confirmed (Art. 31)."""
    APP_MACHINE.check_state(app, submit_event(app))
    if app.clock_start is None:
        raise InvalidTransition("尚未确认收到申请，不能答复。")


def return_event(app: Application) -> AppEvent:
    """The event that sends the waiting draft back (审核退回 or 签发退回); refuses otherwise."""
    event = RETURN_EVENTS.get(AppStatus(app.status)) if app.status in AppStatus.values else None
    if event is None:
        raise InvalidTransition("只有待审核或待签发的答复可以退回。")
    return event


# ----- the services ----------------------------------------------------------------------------


@transaction.atomic
def application_draft_answer(
    *,
    actor: Actor,
    app: Application,
    outcome: str,
    on: date,
    reason: str = "",
    transfer_to: Organ | None = None,
) -> Application:
    """Art. 36: the handler's draft (exactly one leaf of the 2021 result taxonomy, its reason),
    submitted to 审核 or 签发 by the organ's setting. `transfer_to` (Art. 36(5)): the organ that
    holds the information, where the request is registered once the answer is signed."""
    app = APP_MACHINE.lock(app)
    event = submit_event(app)
    APP_MACHINE.check(actor, app, event)  # roles (403), the table and the organ's path
    if outcome not in OUTCOME_BY_KEY:
        raise ValidationError("请选择办理结果。")
    if outcome in _SYSTEM_OUTCOMES:
        raise ValidationError("逾期未补正或未缴费的终止处理由系统按期限记录。")
    reason = reason.strip()
    if outcome != "granted" and not reason:
        raise ValidationError("除予以公开外，答复必须说明理由。")
    answer_draft_check(app)
    _not_before(on, app.clock_start, "拟稿日期", "期限起算日")
    app.draft_outcome, app.draft_reason, app.draft_on = outcome, reason, on
    app.draft_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    app.draft_transfer_to = transfer_to
    data: dict[str, object] = {"outcome": outcome, "basis": OUTCOME_BY_KEY[outcome].basis}
    if transfer_to is not None:
        data["transfer_to"] = transfer_to.name
    return application_transition(actor=actor, app=app, event=event, comment=reason, data=data)


@transaction.atomic
def application_review_answer(*, actor: Actor, app: Application, comment: str = "") -> Application:
    """审核 (organs that use it): the reviewer passes the draft on to 签发."""
    app = APP_MACHINE.lock(app)
    APP_MACHINE.check(actor, app, AppEvent.REVIEW_ANSWER)
    return application_transition(
        actor=actor, app=app, event=AppEvent.REVIEW_ANSWER, comment=comment.strip()
    )


@transaction.atomic
def application_return_answer(*, actor: Actor, app: Application, comment: str) -> Application:
    """审核 or 签发 sends the draft back to the handler, saying what to change (the draft stays,
    so the handler revises it instead of typing it again)."""
    app = APP_MACHINE.lock(app)
    event = RETURN_EVENTS.get(AppStatus(app.status), AppEvent.RETURN_ANSWER_SIGNOFF)
    APP_MACHINE.check(actor, app, event)  # 403 before the state: the reviewer cannot undo 签发's
    comment = comment.strip()
    if not comment:
        raise ValidationError("请写明退回意见，承办人据此修改答复。")
    return application_transition(actor=actor, app=app, event=event, comment=comment)


@transaction.atomic
def application_sign_answer(
    *, actor: Actor, app: Application, on: date, comment: str = ""
) -> Application:
    """签发: the answer takes effect; its date is the day it is signed (Art. 33 counts to it).

    A 转办 answer (Art. 36(5)) registers the request with the organ that holds the information,
    in the same transaction."""
    app = APP_MACHINE.lock(app)
    APP_MACHINE.check(actor, app, AppEvent.ANSWER)
    if app.draft_outcome not in OUTCOME_BY_KEY:
        raise InvalidTransition("没有待签发的答复稿。")
    _not_before(on, app.draft_on, "签发日期", "拟稿日期")
    outcome, target = app.draft_outcome, app.draft_transfer_to
    drafted_by = app.draft_by.get_username() if app.draft_by else ""
    drafted_on = app.draft_on
    app.outcome, app.outcome_reason, app.answered_on = outcome, app.draft_reason, on
    app.draft_outcome, app.draft_reason, app.draft_on = "", "", None
    app.draft_by, app.draft_transfer_to = None, None
    app = application_transition(
        actor=actor,
        app=app,
        event=AppEvent.ANSWER,
        comment=comment.strip(),
        data={
            "outcome": outcome,
            "basis": OUTCOME_BY_KEY[outcome].basis,
            "drafted_by": drafted_by,
            "drafted_on": drafted_on.isoformat() if drafted_on else "",
        },
    )
    if target is not None:
        _register_transfer(actor=actor, app=app, target=target, on=on)
    return app


def transfer_notice_suffix(target: Organ) -> str:
    """What an Art. 36(5) answer adds to the handler's notice: the organ that holds it."""
    return f"（负责机关：{target.name}）"


def _register_transfer(*, actor: Actor, app: Application, target: Organ, on: date) -> Application:
    """Art. 36(5): register the same request with `target`, link both cases, audit both sides.

    Same channel as the original: an online/fax/ordinary-letter case waits for the new organ to
    confirm receipt (Art. 31); in-person and signed-for cases count from the day of the answer.
    """
    data = {name: getattr(app, name) for name in APPLICANT_FIELDS | REQUEST_FIELDS}
    new = application_register(
        actor=actor,
        organ=target,
        channel=app.channel,
        submitted_on=on,
        data=data,
        written_by_staff=app.written_by_staff,
        transferred_from=app,
    ).application
    Application.objects.filter(pk=app.pk).update(transferred_to=new)
    app.transferred_to = new
    reason = app.outcome_reason.removesuffix(transfer_notice_suffix(target))
    audit_record(
        actor=actor,
        action=ApplicationAudit.TRANSFER,
        obj=app,
        organ_id=app.organ_id,
        comment=reason,
        data={"to_organ": target.name, "to_application": new.pk, "to_reference": new.reference},
    )
    audit_record(
        actor=actor,
        action=ApplicationAudit.TRANSFERRED_IN,
        obj=new,
        organ_id=target.pk,
        comment=reason,
        data={
            "from_organ": app.organ.name,
            "from_application": app.pk,
            "from_reference": app.reference,
        },
    )
    return new
