"""Append-only audit log shared by every domain (the spine of who did what, when)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditLogImmutableError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutableError("审计日志不可修改")

    def delete(self) -> NoReturn:
        raise AuditLogImmutableError("审计日志不可删除")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One recorded action. Written only by `gongkai.core.audit.audit_record`; never edited."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作人名称", max_length=150, blank=True)
    action = models.CharField("动作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    organ_id = models.BigIntegerField("所属机构", null=True, blank=True, db_index=True)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditLogImmutableError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogImmutableError("审计日志不可删除")


from gongkai.core.security_models import StaffTOTP  # noqa: E402, F401
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear  # noqa: E402, F401
