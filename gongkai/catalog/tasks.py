"""Background tasks of the catalog (django-tasks; served by `gongkai db_worker`)."""

from __future__ import annotations

from django_tasks import task

from gongkai.catalog.services.workflow import items_release_scheduled


@task()
def release_scheduled_items() -> list[int]:
    """Publish every 待定时发布 item whose time has come; returns the released item ids.

    `gongkai serve` enqueues this every minute. The service is idempotent (each item is locked and
    re-checked), so an overlapping or repeated run releases nothing twice.
    """
    return items_release_scheduled()
