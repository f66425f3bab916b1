"""Background tasks of 依申请公开 (django-tasks; served by `gongkai db_worker`).

Each calls the same idempotent service as `gongkai applications mark-overdue|close-lapsed|remind`:
a repeated or overlapping run flags or closes nothing twice (each case is locked and re-checked).
"""

from __future__ import annotations

from django_tasks import task

from gongkai.applications.services.reminders import applications_remind_due
from gongkai.applications.services.workflow import (
    applications_close_lapsed,
    applications_mark_overdue,
)


@task()
def mark_overdue() -> list[int]:
    """Flag open cases past their due date (Art. 33) once each and notify the organ."""
    return applications_mark_overdue()


@task()
def close_lapsed() -> list[int]:
    """Close cases whose 补正 period (Art. 30) or fee-payment window (109号) has lapsed."""
    return applications_close_lapsed()


@task()
def remind_due() -> list[int]:
    """Remind the handler and the 公开办 5, 3 and 1 working days before an answer is due
    (`REMINDER_WORKING_DAYS`; issue 13), once per reminder."""
    return applications_remind_due()
