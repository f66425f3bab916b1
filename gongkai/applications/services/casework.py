"""Small case-file writes of the back office: notes, assignment, and the audited reveal of
personal data (the ID number and phone are masked unless a handler asks to see them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application, CaseNote
from gongkai.applications.notices import assigned_notify
from gongkai.applications.transitions import APP_MACHINE, HANDLER_ROLES, NOT_HANDLER
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Membership
from gongkai.orgs.permissions import has_role, require_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def note_add(*, actor: Actor, app: Application, text: str) -> CaseNote:
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    text = text.strip()
    if not text:
        raise ValidationError("请填写备注内容。")
    author = actor if isinstance(actor, get_user_model()) else None
    note = CaseNote.objects.create(application=app, author=author, text=text)
    audit_record(
        actor=actor, action=ApplicationAudit.NOTE, obj=app, organ_id=app.organ_id, comment=text
    )
    return note


@transaction.atomic
def application_assign(*, actor: Actor, app: Application, assignee: User | None) -> Application:
    """Name the 承办人: someone holding a handling role in the case's own organ."""
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    app = APP_MACHINE.lock(app)
    if assignee is not None and not (
        getattr(assignee, "is_superuser", False)
        or Membership.objects.filter(
            user_id=assignee.pk, organ=app.organ, role__in=sorted(HANDLER_ROLES)
        ).exists()
    ):
        raise ValidationError("承办人须为本机关办理政府信息公开申请的工作人员。")
    before = app.assignee
    app.assignee = assignee
    app.save(update_fields=["assignee", "updated_at"])
    event = audit_record(
        actor=actor,
        action=ApplicationAudit.ASSIGN,
        obj=app,
        organ_id=app.organ_id,
        data={
            "from": before.get_username() if before else "",
            "to": assignee.get_username() if assignee else "",
        },
    )
    if assignee is not None and assignee != before:
        assigned_notify(app, assignee=assignee, actor=actor, occasion=event.pk)
    return app


def can_view_personal_data(actor: Actor, app: Application) -> bool:
    return has_role(actor, app.organ, *HANDLER_ROLES)


@transaction.atomic
def personal_data_viewed(*, actor: Actor, app: Application, fields: list[str]) -> None:
    """Record that `actor` saw the full ID number / phone (every view is audited)."""
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    audit_record(
        actor=actor,
        action=ApplicationAudit.VIEW_PERSONAL_DATA,
        obj=app,
        organ_id=app.organ_id,
        data={"fields": fields},
    )
