"""自查报告: the organ saves its edited report (drafted by `selfcheck.selfcheck_draft`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.workplans.audit import WorkplansAudit
from gongkai.workplans.models import Plan, SelfCheck
from gongkai.workplans.transitions import HANDLER_ROLES

MAX_BODY = 20_000


@transaction.atomic
def selfcheck_save(*, actor: Actor, plan: Plan, organ: Organ, title: str, body: str) -> SelfCheck:
    """Keep the organ's edited report (one per plan and organ; saved again, it is replaced)."""
    require_roles(actor, organ, HANDLER_ROLES, message="只有本机关采编或公开办可以编辑自查报告。")
    if not plan.tasks.filter(organ=organ).exists():
        raise ValidationError(f"{organ.name}在该工作要点中没有承担任务，无需编写自查报告。")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError("请填写自查报告的标题和正文。")
    if len(title) > 200 or len(body) > MAX_BODY:
        raise ValidationError(f"标题不能超过200字，正文不能超过{MAX_BODY}字。")
    report, _created = SelfCheck.objects.update_or_create(
        plan=plan,
        organ=organ,
        defaults={"title": title, "body": body, "updated_by": user_of(actor)},
    )
    audit_record(
        actor=actor, action=WorkplansAudit.SELFCHECK_SAVE, obj=report, organ_id=organ.pk,
        data={"year": plan.year},
    )  # fmt: skip
    return report
