"""The sign-in forms of the office and the Django admin (issue 16 §2).

Both authenticate through `LockoutModelBackend` (a locked name or address is refused, right
password or not, with a Chinese message saying for how long) and ask for the 动态验证码 of an
enrolled authenticator (`StaffTOTP`): a wrong code is a failed sign-in like a wrong password
(counted towards the lock, audited), and a code is good only once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError

from gongkai.core import lockout, totp
from gongkai.core.auth_backends import LOCKED_ATTR
from gongkai.core.login_audit import REASON_ATTR
from gongkai.core.security_models import StaffTOTP

WRONG_LOGIN = "用户名或密码不正确，请重新输入。（连续输错{limit}次将锁定{minutes}分钟）"
CODE_MISSING = "该账号已启用动态口令，请输入验证器上显示的6位动态验证码。"
CODE_WRONG = "动态验证码不正确或已使用过，请输入验证器上当前显示的6位数字。"


class SecureLoginMixin:
    """Lockout message and second factor over Django's AuthenticationForm."""

    request: Any
    cleaned_data: dict[str, Any]
    user_cache: Any

    def get_invalid_login_error(self) -> ValidationError:
        from gongkai.core.conf import gongkai_settings

        if self.request is not None and getattr(self.request, LOCKED_ATTR, False):
            return ValidationError(lockout.locked_message(), code="locked")
        conf = gongkai_settings()
        return ValidationError(
            WRONG_LOGIN.format(limit=conf.LOGIN_FAILURE_LIMIT, minutes=conf.LOGIN_LOCKOUT_MINUTES),
            code="invalid_login",
        )

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)  # type: ignore[misc]
        device = StaffTOTP.objects.filter(user=user).first()
        if device is None:
            return
        code = str(self.cleaned_data.get("otp_code") or "").strip()
        step = totp.matching_step(device.secret, code, after=device.last_step) if code else None
        # Once only: a concurrent sign-in with the same code loses the update.
        if step is not None and StaffTOTP.objects.filter(pk=device.pk, last_step__lt=step).update(
            last_step=step
        ):
            return
        self._second_factor_failed(user, missing=not code)

    def _second_factor_failed(self, user: Any, *, missing: bool) -> None:
        if self.request is not None:
            setattr(self.request, REASON_ATTR, "totp_missing" if missing else "totp_wrong")
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=self.request,
        )
        if self.request is not None and getattr(self.request, LOCKED_ATTR, False):
            raise ValidationError(lockout.locked_message(), code="locked")
        raise ValidationError(CODE_MISSING if missing else CODE_WRONG, code="otp")


OTP_FIELD_KWARGS: dict[str, Any] = {
    "label": "动态验证码",
    "required": False,
    "max_length": 8,
    "help_text": "仅启用了动态口令的账号需要填写。",
    "widget": forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
    ),
}


class OfficeLoginForm(SecureLoginMixin, AuthenticationForm):
    otp_code = forms.CharField(**OTP_FIELD_KWARGS)


class AdminLoginForm(SecureLoginMixin, AdminAuthenticationForm):
    otp_code = forms.CharField(**OTP_FIELD_KWARGS)
