"""Art. 36(5) 转办: the organ does not hold the information but knows who does.

The organ answers 无法提供（本机关不掌握）and names the right organ. The answer is drafted here and
signed off like every answer (`services/signoff.py`); when it is signed, the platform registers a
linked application with the named organ so the applicant need not apply again. Both organs see
the link (the old case's `transferred_to`, the new case's `transferred_from`) and both audit logs
record it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.models import Application
from gongkai.applications.rules import accepts_applications
from gongkai.applications.services.signoff import (
    application_draft_answer,
    transfer_notice_suffix,
)
from gongkai.core.actors import Actor
from gongkai.orgs.models import Organ

TRANSFER_OUTCOME = "unable.not_held"  # 《条例》第三十六条第（五）项


@transaction.atomic
def application_transfer(
    *, actor: Actor, app: Application, target: Organ, on: date, reason: str
) -> Application:
    """Draft the answer 无法提供 (not held) naming `target`, for sign-off; the request is
    registered with `target` when the answer is signed. Permission and state checks are the
    answer's own. Returns the case, now waiting for 审核 / 签发."""
    if target.pk == app.organ_id:
        raise ValidationError("不能转给本机关。")
    if not accepts_applications(target):
        raise ValidationError("所选机关不受理政府信息公开申请，请选择人民政府或政府部门。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写告知说明。")
    return application_draft_answer(
        actor=actor,
        app=app,
        outcome=TRANSFER_OUTCOME,
        on=on,
        reason=reason + transfer_notice_suffix(target),
        transfer_to=target,
    )
