"""Background tasks of 依申请公开 (django-tasks; served by `gongkai db_worker`).

Both call the same idempotent services as `gongkai applications mark-overdue|close-lapsed`:
a repeated or overlapping run flags or closes nothing twice (each case is locked and re-checked).
"""

from __future__ import annotations

from django_tasks import task

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
