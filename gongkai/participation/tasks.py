"""Background tasks of 公众参与 (django-tasks), declared in `GONGKAI["SCHEDULE"]`."""

from __future__ import annotations

from django_tasks import task

from gongkai.participation.services.jobs import participation_remind


@task()
def remind() -> int:
    """Consultations without feedback, 建议提案 due or overdue, 舆情 past their limit."""
    return participation_remind()
