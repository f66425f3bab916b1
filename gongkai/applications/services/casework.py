"""Small case-file writes of the back office: notes, assignment, and the audited reveal of
personal data (the ID number and phone are masked unless a handler asks to see them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.applications.models import Application, CaseNote
from gongkai.applications.services.workflow import HANDLER_ROLES
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Membership
from gongkai.orgs.permissions import roles_for


def _require(actor: Any, app: Application) -> None:
    if not roles_for(actor, app.organ) & HANDLER_ROLES:
        raise PermissionDenied("您在该机关没有办理此申请的权限。")


@transaction.atomic
def note_add(*, actor: Any, app: Application, text: str) -> CaseNote:
    _require(actor, app)
    text = text.strip()
    if not text:
        raise ValidationError("请填写备注内容。")
    note = CaseNote.objects.create(application=app, author=actor, text=text)
    audit_record(
        actor=actor, action="application.note", obj=app, organ_id=app.organ_id, comment=text
    )
    return note


@transaction.atomic
def application_assign(*, actor: Any, app: Application, assignee: Any | None) -> Application:
    """Name the 承办人: someone holding a handling role in the case's own organ."""
    _require(actor, app)
    app = Application.objects.select_for_update().select_related("organ").get(pk=app.pk)
    if assignee is not None and not (
        getattr(assignee, "is_superuser", False)
        or Membership.objects.filter(
            user=assignee, organ=app.organ, role__in=sorted(HANDLER_ROLES)
        ).exists()
    ):
        raise ValidationError("承办人须为本机关办理政府信息公开申请的工作人员。")
    before = app.assignee
    app.assignee = assignee
    app.save(update_fields=["assignee", "updated_at"])
    audit_record(
        actor=actor,
        action="application.assign",
        obj=app,
        organ_id=app.organ_id,
        data={
            "from": before.get_username() if before else "",
            "to": assignee.get_username() if assignee else "",
        },
    )
    return app


def can_view_personal_data(actor: Any, app: Application) -> bool:
    return bool(roles_for(actor, app.organ) & HANDLER_ROLES)


@transaction.atomic
def personal_data_viewed(*, actor: Any, app: Application, fields: list[str]) -> None:
    """Record that `actor` saw the full ID number / phone (every view is audited)."""
    _require(actor, app)
    audit_record(
        actor=actor,
        action="application.view_personal_data",
        obj=app,
        organ_id=app.organ_id,
        data={"fields": fields},
    )
