"""Models of account security (issue 16 §2): the staff's TOTP second factor.

Imported by `gongkai/core/models.py` so that Django finds them in the core app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StaffTOTP(models.Model):
    """A staff member's enrolled authenticator: once it exists, signing in asks for its code."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="totp_device",
    )
    secret = models.CharField("密钥", max_length=64)
    created_at = models.DateTimeField("启用时间", auto_now_add=True)
    #: The 30-second step of the last accepted code: an older or equal one is refused (replay).
    last_step = models.BigIntegerField("最近使用的时间步", default=0)

    class Meta:
        verbose_name = "动态口令（双因素认证）"
        verbose_name_plural = "动态口令（双因素认证）"

    def __str__(self) -> str:
        return f"{self.user} 的动态口令"
