"""Art. 33 para 2: the answer period extended once, by at most 20 working days, with the consent
of the head of the GIO working body (政府信息公开工作机构负责人, `Role.GIO_HEAD`, assigned by the
organ).

A request and its approval, beside the state rather than in the transition table: an extension
does not move the case (it stays 办理中, 征求意见中 …, its clock running), so the handler's request
is recorded on the case (`extension_requested_*`, with the reason the letter will give) and the
head approves it (`application_extend`, who may shorten it or reword the reason) or refuses it
with a comment (`application_refuse_extension`). A head who handles the case herself extends
directly: her consent is the act. Every step is audited; only the approval changes the due date.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications import deadlines
from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application
from gongkai.applications.services.deadline_sync import application_recompute_due
from gongkai.applications.services.workflow import extension_check
from gongkai.applications.transitions import (
    APP_MACHINE,
    EXTENSION_ROLES,
    HANDLER_ROLES,
    NOT_HANDLER,
)
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.permissions import require_roles

#: The refusal (403) of an extension by anyone but the head of the GIO working body.
NOT_GIO_HEAD = "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）。"


def extension_request_check(app: Application) -> None:
    """申请延期: a case that may still be extended, without a request already waiting."""
    extension_check(app)
    if app.extension_requested_on is not None:
        raise ValidationError("已提出延期申请，正等待政府信息公开工作机构负责人审批。")


def extension_pending_check(app: Application) -> None:
    """不同意延期: only a request that is waiting."""
    if app.extension_requested_on is None:
        raise ValidationError("本申请没有待审批的延期申请。")


def _clear_request(app: Application) -> None:
    app.extension_requested_days = None
    app.extension_requested_reason = ""
    app.extension_requested_on = None
    app.extension_requested_by = None


@transaction.atomic
def application_request_extension(
    *,
    actor: Actor,
    app: Application,
    days: int = deadlines.MAX_EXTENSION_WORKING_DAYS,
    reason: str,
    on: date | None = None,
) -> Application:
    """The handler asks the GIO head to extend (Art. 33 para 2), giving the days and the reason."""
    app = APP_MACHINE.lock(app)
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    extension_request_check(app)
    extension_check(app, days=days)
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写延期理由。")
    app.extension_requested_days = days
    app.extension_requested_reason = reason
    app.extension_requested_on = on or timezone.localdate()
    app.extension_requested_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    app.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.EXTENSION_REQUEST,
        obj=app,
        organ_id=app.organ_id,
        comment=reason,
        data={"days": days},
    )
    return app


@transaction.atomic
def application_extend(
    *,
    actor: Actor,
    app: Application,
    days: int = deadlines.MAX_EXTENSION_WORKING_DAYS,
    reason: str,
) -> Application:
    """Art. 33 para 2: the GIO head consents (to the handler's request, or directly)."""
    app = APP_MACHINE.lock(app)
    require_roles(actor, app.organ, EXTENSION_ROLES, message=NOT_GIO_HEAD)
    extension_check(app, days=days)
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写延期理由。")
    requested_by = app.extension_requested_by
    requested_days = app.extension_requested_days
    app.extended = True
    app.extension_days = days
    app.extension_reason = reason
    _clear_request(app)
    before = app.due_date
    application_recompute_due(app, save=False)
    app.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.EXTEND,
        obj=app,
        organ_id=app.organ_id,
        comment=reason,
        data={
            "days": days,
            "from": str(before),
            "to": str(app.due_date),
            "requested_by": requested_by.get_username() if requested_by else "",
            "requested_days": requested_days,
        },
    )
    return app


@transaction.atomic
def application_refuse_extension(*, actor: Actor, app: Application, comment: str) -> Application:
    """The GIO head does not consent: the request is cleared, the due date stays, the handler
    reads why in the record."""
    app = APP_MACHINE.lock(app)
    require_roles(actor, app.organ, EXTENSION_ROLES, message=NOT_GIO_HEAD)
    extension_pending_check(app)
    comment = comment.strip()
    if not comment:
        raise ValidationError("请写明不同意延期的理由。")
    days = app.extension_requested_days
    _clear_request(app)
    app.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.EXTENSION_REFUSE,
        obj=app,
        organ_id=app.organ_id,
        comment=comment,
        data={"days": days},
    )
    return app
