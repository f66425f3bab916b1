"""Background tasks of the registers (django-tasks), declared in `GONGKAI["SCHEDULE"]`."""

from __future__ import annotations

from django_tasks import task

from gongkai.registers.services.register import registers_lapse_due


@task()
def lapse_due() -> dict[str, list[int]]:
    """Daily: tell issuing organs of 规范性文件 about to lapse, and mark lapsed ones 已失效."""
    return registers_lapse_due()
