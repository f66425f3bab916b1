"""账号安全: one's own optional second factor (动态口令, TOTP; issue 16 §2).

Enrolling shows a new secret as text and as an otpauth:// address (for an authenticator app);
it takes effect only once a code from the app is entered (so a mistyped secret never locks the
holder out). Removing it asks for a current code. Both are audited. The secret is kept in the
session between the two steps and the page is never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core import totp
from gongkai.core.conf import gongkai_settings
from gongkai.core.login_audit import AccountsAudit, write
from gongkai.core.security_models import StaffTOTP

PENDING = "_gongkai_totp_pending"
CODE_WRONG = "动态验证码不正确，请输入验证器上当前显示的6位数字。"
NO_PENDING = "请先点击“启用动态口令”获取密钥。"
UNKNOWN_ACTION = "请求无效，请使用页面上的按钮操作。"


def _render(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    user: Any = request.user
    device = StaffTOTP.objects.filter(user=user).first()
    secret = request.session.get(PENDING) if device is None else None
    context = {
        "device": device,
        "secret": secret,
        "uri": (
            totp.provisioning_uri(
                secret, account=user.get_username(), issuer=gongkai_settings().SITE_NAME
            )
            if secret
            else ""
        ),
        **context,
    }
    response = render(request, "office/security.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def totp_settings(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, {})
    user: Any = request.user
    action = request.POST.get("action", "")
    code = request.POST.get("code", "")
    device = StaffTOTP.objects.filter(user=user).first()
    if action == "start" and device is None:
        request.session[PENDING] = totp.new_secret()
        return _render(request, {})
    if action == "confirm" and device is None:
        secret = request.session.get(PENDING)
        if not secret:
            return _render(request, {"error": NO_PENDING})
        step = totp.matching_step(secret, code)
        if step is None:
            return _render(request, {"error": CODE_WRONG})
        with transaction.atomic():
            StaffTOTP.objects.create(user=user, secret=secret, last_step=step)
            write(AccountsAudit.TOTP_ENABLE, subject=user, actor=user, request=request)
        request.session.pop(PENDING, None)
        messages.success(request, "已启用动态口令：今后登录时需输入验证器上的动态验证码。")
        return redirect("office:security")
    if action == "remove" and device is not None:
        if totp.matching_step(device.secret, code, after=device.last_step) is None:
            return _render(request, {"error": CODE_WRONG})
        with transaction.atomic():
            device.delete()
            write(AccountsAudit.TOTP_DISABLE, subject=user, actor=user, request=request)
        messages.success(request, "已停用动态口令。")
        return redirect("office:security")
    return _render(request, {"error": UNKNOWN_ACTION})
