"""行政复议 / 行政诉讼 records about an application (annual-report table 四; Art. 51).

The letters tell the applicant of both remedies (复议 within 60 days, 诉讼 within 6 months);
these services record what happened next, with dates in order and one result per record.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import Application, LegalChallenge
from gongkai.applications.transitions import HANDLER_ROLES, NOT_HANDLER
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.permissions import require_roles

Kind = LegalChallenge.Kind
Result = LegalChallenge.Result


@transaction.atomic
def challenge_record(
    *, actor: Actor, app: Application, kind: str, filed_on: date, body: str = "", note: str = ""
) -> LegalChallenge:
    """Record a 复议 or 诉讼 filed about `app` (its answer, or its lack of one)."""
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    if kind not in Kind.values:
        raise ValidationError("请选择类型：行政复议、未经复议直接起诉或复议后起诉。")
    if filed_on < app.submitted_on:
        raise ValidationError(
            f"申请复议或起诉日期不能早于申请提交日期（{app.submitted_on:%Y年%m月%d日}）。"
        )
    if kind == Kind.LITIGATION_AFTER_REVIEW:
        review = (
            app.challenges.filter(kind=Kind.REVIEW, decided_on__isnull=False)
            .order_by("-decided_on")
            .first()
        )
        if review is None:
            raise ValidationError("“复议后起诉”须先登记已审结的行政复议。")
        if review.decided_on and filed_on < review.decided_on:
            raise ValidationError("复议后起诉的日期不能早于复议审结日期。")
    challenge = LegalChallenge.objects.create(
        application=app, kind=kind, filed_on=filed_on, body=body.strip(), note=note.strip()
    )
    audit_record(
        actor=actor,
        action=ApplicationAudit.CHALLENGE,
        obj=app,
        organ_id=app.organ_id,
        comment=note.strip(),
        data={"challenge": challenge.pk, "kind": kind, "filed_on": filed_on.isoformat()},
    )
    return challenge


@transaction.atomic
def challenge_set_result(
    *,
    actor: Actor,
    challenge: LegalChallenge,
    result: str,
    decided_on: date | None,
    note: str = "",
) -> LegalChallenge:
    """Record the result (维持, 纠正, 其他结果) with its date, or put it back to 尚未审结."""
    challenge = (
        LegalChallenge.objects.select_for_update()
        .select_related("application__organ")
        .get(pk=challenge.pk)
    )
    app = challenge.application
    require_roles(actor, app.organ, HANDLER_ROLES, message=NOT_HANDLER)
    if result not in Result.values:
        raise ValidationError("请选择结果。")
    if result == Result.PENDING:
        decided_on = None
    elif decided_on is None:
        raise ValidationError("已审结的请填写审结日期。")
    elif decided_on < challenge.filed_on:
        raise ValidationError(
            f"审结日期不能早于申请复议或起诉日期（{challenge.filed_on:%Y年%m月%d日}）。"
        )
    challenge.result, challenge.decided_on = result, decided_on
    if note.strip():
        challenge.note = note.strip()
    challenge.save()
    audit_record(
        actor=actor,
        action=ApplicationAudit.CHALLENGE_RESULT,
        obj=app,
        organ_id=app.organ_id,
        comment=note.strip(),
        data={
            "challenge": challenge.pk,
            "result": result,
            "decided_on": decided_on.isoformat() if decided_on else "",
        },
    )
    return challenge
