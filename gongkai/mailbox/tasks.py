"""Background tasks of the mailbox (django-tasks), declared in `GONGKAI["SCHEDULE"]`.

Each calls the same idempotent service as `gongkai mailbox remind|overdue|ratings`.
"""

from __future__ import annotations

from django_tasks import task

from gongkai.mailbox.services.jobs import (
    mailbox_default_ratings,
    mailbox_mark_overdue,
    mailbox_remind_due,
)


@task()
def remind_due() -> list[int]:
    """Remind the handlers and the 公开办 before a reply is due (`MAILBOX_REMINDER_…`)."""
    return mailbox_remind_due()


@task()
def mark_overdue() -> list[int]:
    """Overdue notices, and the escalating alerts long before the three-month veto."""
    return mailbox_mark_overdue()


@task()
def default_ratings() -> list[int]:
    """Replies not rated within the window are taken as 满意 (`MAILBOX_RATING_WORKING_DAYS`)."""
    return mailbox_default_ratings()
