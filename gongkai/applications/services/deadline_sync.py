"""Keeps an application's stored due date in step with its recorded dates.

The rules are the pure functions of `gongkai.applications.deadlines` (no number of days is
restated here); this module only turns an application's dates into a `DeadlineInput`, stores the
result with its explanation and the calendar version it used, and recomputes open cases when a
year's notice is loaded (§6.3).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications import deadlines as rules
from gongkai.applications.audit import ApplicationAudit
from gongkai.applications.models import OPEN_STATUSES, Application
from gongkai.core.audit import audit_record
from gongkai.core.workcal.calendar import WorkCalendar

logger = logging.getLogger("gongkai.deadlines")

#: Outcomes the lapse job records (Art. 30; 109号): the case ends without a signed answer.
LAPSE_OUTCOMES = frozenset({"other.no_correction", "other.no_fee_payment"})


def deadline_input(app: Application) -> rules.DeadlineInput | None:
    """The application's recorded dates as the engine's input; None before receipt is known."""
    if app.receipt_date is None:
        return None
    confirmed = app.receipt_date if rules.needs_confirmation(app.channel) else None
    consultations = tuple(
        rules.Consultation(
            sent=c.sent_on,
            replied=c.replied_on,
            kind=(
                rules.ConsultationKind.THIRD_PARTY
                if c.kind == "third_party"
                else rules.ConsultationKind.AGENCY
            ),
        )
        for c in (app.consultations.all() if app.pk else [])
    )
    return rules.DeadlineInput(
        received=app.submitted_on if confirmed else app.receipt_date,
        channel=rules.Channel(app.channel),
        confirmed=confirmed,
        correction_received=app.correction_received_on,
        extended=app.extended,
        extension_working_days=app.extension_days or rules.MAX_EXTENSION_WORKING_DAYS,
        consultations=consultations,
        delayed_until=app.delayed_due_date,
        fee_notice=app.fee_notice_on,
        fee_paid=app.fee_paid_on,
        answer_drafted=app.draft_on,
        # A case closed by the lapse job (Art. 30; 109号) was not answered by a signed letter.
        answered=app.answered_on if app.outcome not in LAPSE_OUTCOMES else None,
    )


def application_recompute_due(
    app: Application, *, save: bool, cal: WorkCalendar | None = None
) -> rules.DeadlineResult | None:
    """Store the due date, whether it is provisional, how it was computed and the calendar."""
    inp = deadline_input(app)
    result = None
    if inp is None:
        app.due_date, app.due_explanation, app.due_provisional = None, [], False
    else:
        try:
            result = rules.compute_deadlines(inp, cal)
        except rules.DeadlineInputError as exc:
            raise ValidationError(str(exc)) from exc
        app.due_date = result.answer_due
        app.due_provisional = result.provisional
        app.due_explanation = list(result.explanation)
        app.calendar_version = result.calendar_version
    if save and app.pk:
        app.save(
            update_fields=[
                "due_date",
                "due_provisional",
                "due_explanation",
                "calendar_version",
                "updated_at",
            ]
        )
    return result


def refresh_due(app: Application) -> None:
    """`APP_MACHINE.fire`'s `before_save`: the due date of the new state, before saving the row."""
    application_recompute_due(app, save=False)


def applications_recompute_open(*, old: WorkCalendar, new: WorkCalendar) -> list[Any]:
    """After a calendar change: recompute open cases; log and audit each due date that moved."""
    apps = {
        app.pk: app
        for app in Application.objects.filter(status__in=OPEN_STATUSES).prefetch_related(
            "consultations"
        )
    }
    cases = [(pk, inp) for pk, app in apps.items() if (inp := deadline_input(app)) is not None]
    moves = rules.recompute_deadlines(cases, old=old, new=new)
    for pk, _inp in cases:
        app = apps[pk]
        before = app.due_date
        with transaction.atomic():
            application_recompute_due(app, save=True, cal=new)
            # One calendar change may signal once per year: audit only a real move.
            if before != app.due_date:
                audit_record(
                    actor=None,
                    action=ApplicationAudit.DUE_RECOMPUTED,
                    obj=app,
                    organ_id=app.organ_id,
                    data={
                        "from": str(before),
                        "to": str(app.due_date),
                        "old_version": old.version,
                        "new_version": new.version,
                    },
                )
    return moves
