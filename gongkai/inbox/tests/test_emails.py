"""The e-mail copy: sent once per notice, a failed send is logged and given back."""

from __future__ import annotations

from typing import Any

from gongkai.inbox.emails import absolute_link, send_notice_emails
from gongkai.inbox.models import Notice
from gongkai.inbox.tasks import email_notices


def test_each_notice_is_mailed_once(send, make_user, mailoutbox) -> None:
    (notice,) = send([make_user(email="a@example.gov.cn")])
    assert send_notice_emails([notice.pk]) == 1
    assert send_notice_emails([notice.pk]) == 0  # a second worker, or a retried task
    assert email_notices.enqueue([notice.pk]).return_value == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_is_logged_and_can_be_retried(
    send, make_user, mailoutbox, monkeypatch, caplog
) -> None:
    (notice,) = send([make_user(email="a@example.gov.cn")])

    def broken(self: Any, messages: Any) -> int:
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    assert send_notice_emails([notice.pk]) == 0
    assert "通知邮件发送失败" in caplog.text
    assert Notice.objects.get(pk=notice.pk).emailed_at is None
    monkeypatch.undo()
    assert send_notice_emails([notice.pk]) == 1 and len(mailoutbox) == 1


def test_links_in_mail_carry_the_configured_address(settings) -> None:
    settings.GONGKAI = {**settings.GONGKAI, "OFFICE_URL": "https://gk.example.gov.cn/"}
    assert absolute_link("/office/inbox/") == "https://gk.example.gov.cn/office/inbox/"
    assert absolute_link("") == ""
    settings.GONGKAI = {**settings.GONGKAI, "OFFICE_URL": ""}
    assert absolute_link("/office/inbox/") == "/office/inbox/"
