"""Background tasks of the work plans (django-tasks), declared in `GONGKAI["SCHEDULE"]`.

Each calls the same idempotent service as `gongkai workplans remind|overdue`.
"""

from __future__ import annotations

from django_tasks import task

from gongkai.workplans.services.jobs import workplans_mark_overdue, workplans_remind_due


@task()
def remind_due() -> list[int]:
    """Remind the lead organs before their tasks' deadlines (`rules.REMINDER_DAYS`)."""
    return workplans_remind_due()


@task()
def mark_overdue() -> list[int]:
    """Overdue notices to the lead organ and the assigning 公开办, once per deadline."""
    return workplans_mark_overdue()
