"""Background tasks of the inbox (django-tasks; served by `gongkai db_worker`)."""

from __future__ import annotations

from django_tasks import task

from gongkai.inbox.emails import send_notice_emails


@task()
def email_notices(notice_ids: list[int]) -> int:
    """E-mail the notices `notice_send` just wrote (enqueued on commit)."""
    return send_notice_emails(notice_ids)
