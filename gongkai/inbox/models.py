"""通知: one in-app notice per recipient, also sent by e-mail (issue 13 §8).

The inbox knows no domain app: the app that owns an event (a draft waiting for 审核, a case due
in 3 working days) decides who is told and what, and calls `services.notice_send`. What a notice
is about is named like an audit event's object (`subject_type` = model label, `subject_id`), so
the inbox can settle the notices of a record without importing its model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.orgs.models import Organ


class NoticeKind(models.TextChoices):
    """The filters of the inbox page (issue 13 §8: 等我处理, 已退回, 即将到期, 已超期)."""

    WAITING = "waiting", "等我处理"
    RETURNED = "returned", "已退回"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已超期"
    INFO = "info", "通知"


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField("类别", max_length=16, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("办理页面", max_length=500, blank=True)
    organ = models.ForeignKey(
        Organ,
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_type = models.CharField("对象类型", max_length=100, blank=True)
    subject_id = models.CharField("对象编号", max_length=64, blank=True)
    # A job that runs twice (or two workers at once) sends one notice: the sender names the
    # occasion, and a recipient holds each key once.
    key = models.CharField("去重键", max_length=200)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # The matter moved on without this recipient (someone else passed the draft, the case was
    # answered): the notice stays in the list, marked 已处理, and no longer waits.
    settled_at = models.DateTimeField("已处理时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="unique_notice_per_recipient")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_unread"),
            models.Index(fields=["subject_type", "subject_id"], name="notice_subject"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_settled(self) -> bool:
        return self.settled_at is not None
