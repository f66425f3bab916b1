"""The e-mail copy of a notice (issue 13 §8: "also sent by e-mail"), through Django's mail with
the configured backend (`GONGKAI_EMAIL_BACKEND`). Run by the task `tasks.email_notices`."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.core.conf import gongkai_settings
from gongkai.inbox.models import Notice

log = logging.getLogger(__name__)


def absolute_link(link: str) -> str:
    """The notice's page with the site's address (`OFFICE_URL`), as an e-mail must give it."""
    if not link:
        return ""
    return gongkai_settings().OFFICE_URL.rstrip("/") + link


def _message(notice: Notice) -> EmailMessage:
    site = gongkai_settings().SITE_NAME
    body = render_to_string(
        "inbox/email.txt",
        {"notice": notice, "site_name": site, "url": absolute_link(notice.link)},
    )
    return EmailMessage(
        subject=f"【{site}·{notice.get_kind_display()}】{notice.title}",
        body=body,
        to=[notice.recipient.email],
    )


def send_notice_emails(notice_ids: list[int]) -> int:
    """Send each notice once: it is claimed (`emailed_at`) before sending, so two workers never
    both send it; a failed send gives the claim back and is logged. Returns how many went out."""
    sent = 0
    connection = get_connection()
    for notice in Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        if not notice.recipient.email:
            continue
        claimed = Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            sent += connection.send_messages([_message(notice)]) or 0
        except Exception:  # a mail server's failure must not lose the other notices
            log.exception("通知邮件发送失败（通知 %s）", notice.pk)
            Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
    return sent
