"""Art. 36(5) 转办: the organ does not hold the information but knows who does.

The organ answers 无法提供（本机关不掌握）and names the right organ; the platform also registers a
linked application there so the applicant need not apply again. Both organs see the link (the
old case's `transferred_to`, the new case's `transferred_from`) and both audit logs record it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application
from gongkai.applications.rules import accepts_applications
from gongkai.applications.services.intake import (
    APPLICANT_FIELDS,
    REQUEST_FIELDS,
    application_register,
)
from gongkai.applications.services.workflow import application_answer
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ

TRANSFER_OUTCOME = "unable.not_held"  # 《条例》第三十六条第（五）项


@transaction.atomic
def application_transfer(
    *, actor: Actor, app: Application, target: Organ, on: date, reason: str
) -> Application:
    """Answer `app` with 无法提供 (not held), register the same request with `target` and link
    them. Returns the new application. Permission and state checks are the answer's own."""
    if target.pk == app.organ_id:
        raise ValidationError("不能转给本机关。")
    if not accepts_applications(target):
        raise ValidationError("所选机关不受理政府信息公开申请，请选择人民政府或政府部门。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写告知说明。")
    notice = f"{reason}（负责机关：{target.name}）"
    answered = application_answer(
        actor=actor, app=app, outcome=TRANSFER_OUTCOME, on=on, reason=notice
    )
    data = {name: getattr(answered, name) for name in APPLICANT_FIELDS | REQUEST_FIELDS}
    # Same channel as the original: an online/fax/ordinary-letter case waits for the new organ
    # to confirm receipt (Art. 31); in-person and signed-for cases count from the transfer day.
    new = application_register(
        actor=actor,
        organ=target,
        channel=answered.channel,
        submitted_on=on,
        data=data,
        written_by_staff=answered.written_by_staff,
        transferred_from=answered,
    ).application
    Application.objects.filter(pk=answered.pk).update(transferred_to=new)
    answered.transferred_to = new
    audit_record(
        actor=actor,
        action=ApplicationAudit.TRANSFER,
        obj=answered,
        organ_id=answered.organ_id,
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
            "from_organ": answered.organ.name,
            "from_application": answered.pk,
            "from_reference": answered.reference,
        },
    )
    return new
