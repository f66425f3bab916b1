"""Background tasks of the lists (django-tasks), declared in `GONGKAI["SCHEDULE"]`."""

from __future__ import annotations

from django_tasks import task

from gongkai.inventories.services.reviews import reviews_due


@task()
def review_due() -> dict[str, int]:
    """Daily (hourly run, idempotent): tell organs of 负面清单 entries whose review is due."""
    return reviews_due()
