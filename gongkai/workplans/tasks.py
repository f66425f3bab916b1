"""Background tasks of the work plans (django-tasks), declared in `GONGKAI["SCHEDULE"]`.

Each calls the same idempotent service as `gongkai workplans remind|overdue|findings`.
"""

from __future__ import annotations

from django_tasks import task

from gongkai.workplans.services.jobs import (
    findings_mark_overdue,
    findings_remind_due,
    workplans_mark_overdue,
    workplans_remind_due,
)


@task()
def remind_due() -> list[int]:
    """Remind the lead organs before their tasks' deadlines (`rules.REMINDER_DAYS`)."""
    return workplans_remind_due()


@task()
def mark_overdue() -> list[int]:
    """Overdue notices to the lead organ and the assigning 公开办, once per deadline."""
    return workplans_mark_overdue()


@task()
def findings_due() -> dict[str, list[int]]:
    """督查 findings: reminders before the 整改期限, overdue notices after it (each once)."""
    return {
        "reminded": findings_remind_due(),
        "overdue": findings_mark_overdue(),
    }
