"""Background tasks of the periodic disclosure (django-tasks), declared in `GONGKAI["SCHEDULE"]`."""

from __future__ import annotations

from django_tasks import task

from gongkai.periodic.services.schedules import periodic_remind


@task()
def remind() -> dict[str, int]:
    """Hourly: 即将到期 notices before each due date and 已逾期 notices after it (idempotent)."""
    return periodic_remind()
