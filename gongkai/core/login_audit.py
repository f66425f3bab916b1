"""Sign-ins and permission changes in the audit log (issue 16 §2, 等保 level 3 安全审计).

Recorded here, from Django's signals, so that every way in is covered alike (the office sign-in,
the admin's, the test client's): a successful sign-in, a wrong password or second-factor code,
a lock, a refusal while locked, a sign-out, an idle session ended. Permission changes made in the
back office are audited by their services (`orgs/services.py`: 授予岗位, 撤销岗位); the ones
made in the Django admin are caught here: the staff and superuser flags, groups and permissions
of an account, and posts (Membership) added or removed there.

No password is ever recorded; the user name typed and the client address are (what an auditor
needs to see a guessing attack).
"""

from __future__ import annotations

import contextvars
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest

from gongkai.core import lockout
from gongkai.core.audit import AuditAction
from gongkai.core.auth_backends import LOCKED_ATTR
from gongkai.core.models import AuditEvent
from gongkai.core.ratelimit import client_ip

#: Where the session keeps its last use (read by `core/sessions.py`).
LAST_SEEN = "_gongkai_last_seen"

#: Why a failure is signalled, when it is not a wrong password (set on the request).
REASON_ATTR = "gongkai_login_failure_reason"

#: The request being served (set by `core/sessions.SessionSecurityMiddleware`): who made a
#: change caught by a model signal, and whether it came through the Django admin.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "gongkai_current_request", default=None
)


#: How the data of these events reads in an account's 办理记录 (`core/audit.audit_data_text`,
#: which merges them into its common labels).
AUDIT_LABELS = {
    "ip": "访问地址",
    "reason": "原因",
    "flag": "权限",
    "account.admin_flags:from": "取值",
    "change": "操作",
    "names": "名称",
}
AUDIT_VALUES = {
    "reason": {
        "wrong_password": "用户名或密码错误",
        "totp_wrong": "动态验证码错误",
        "totp_missing": "未填写动态验证码",
    },
    "flag": {"is_staff": "可登录管理后台", "is_superuser": "超级用户", "is_active": "启用"},
    "change": {"add": "加入", "remove": "移出", "clear": "全部移出"},
}


class AccountsAudit(AuditAction):
    LOGIN = "account.login", "登录成功"
    LOGIN_FAILED = "account.login_failed", "登录失败"
    LOCKED = "account.locked", "登录失败次数过多，锁定"
    LOGIN_REFUSED_LOCKED = "account.login_locked", "锁定期间尝试登录，已拒绝"
    LOGOUT = "account.logout", "退出登录"
    SESSION_EXPIRED = "account.session_expired", "长时间未操作，会话结束"
    TOTP_ENABLE = "account.totp_enable", "启用动态口令"
    TOTP_DISABLE = "account.totp_disable", "停用动态口令"
    ADMIN_FLAGS = "account.admin_flags", "修改账号权限标志（管理后台）"
    ADMIN_GROUPS = "account.admin_groups", "修改账号所属组（管理后台）"
    ADMIN_PERMISSIONS = "account.admin_permissions", "修改账号权限（管理后台）"
    ADMIN_MEMBERSHIP_GRANT = "account.admin_grant", "授予岗位（管理后台）"
    ADMIN_MEMBERSHIP_REVOKE = "account.admin_revoke", "撤销岗位（管理后台）"


def _actor() -> Any:
    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def _label(user: Any) -> str:
    if user is None:
        return "匿名"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


def write(
    action: AccountsAudit,
    *,
    subject: Any = None,
    username: str = "",
    actor: Any = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """One account event about `subject` (a user, or None for a name that matches nobody)."""
    payload: dict[str, Any] = {}
    if username or subject is not None:
        payload["username"] = username or subject.get_username()
    if request is not None:
        payload["ip"] = client_ip(request)
    payload.update(data or {})
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_label(actor) if actor is not None else _label(subject),
        action=action.value,
        object_type="auth.user",
        object_id=str(subject.pk) if subject is not None else "",
        data=payload,
    )


def _user_named(username: str) -> Any:
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any
) -> None:
    username = str(credentials.get("username") or "")[:150]
    if request is None:  # authenticate() called by code, not a sign-in form
        return
    subject = _user_named(username) if username else None
    if getattr(request, LOCKED_ATTR, False):
        write(
            AccountsAudit.LOGIN_REFUSED_LOCKED, subject=subject, username=username, request=request
        )
        return
    reason = getattr(request, REASON_ATTR, "wrong_password")
    write(
        AccountsAudit.LOGIN_FAILED,
        subject=subject,
        username=username,
        request=request,
        data={"reason": reason},
    )
    if lockout.register_failure(username, client_ip(request)):
        setattr(request, LOCKED_ATTR, True)
        write(AccountsAudit.LOCKED, subject=subject, username=username, request=request)


def on_logged_in(sender: Any, request: Any, user: Any, **_: Any) -> None:
    lockout.clear(user.get_username())
    session = getattr(request, "session", None)
    if session is not None:  # the idle clock starts now (core/sessions.py)
        session[LAST_SEEN] = int(time.time())
    write(AccountsAudit.LOGIN, subject=user, actor=user, request=request)


def on_logged_out(sender: Any, request: Any, user: Any = None, **_: Any) -> None:
    if user is not None and user.is_authenticated:
        write(AccountsAudit.LOGOUT, subject=user, actor=user, request=request)


# ---- permission changes made in the Django admin ----------------------------------------------

FLAGS = ("is_staff", "is_superuser", "is_active")


def on_user_pre_save(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **_: Any
) -> None:
    instance._gongkai_flags_before = None
    if raw or instance.pk is None or not _is_admin_request():
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
    instance._gongkai_flags_before = before


def on_user_post_save(
    sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any
) -> None:
    before = getattr(instance, "_gongkai_flags_before", None)
    instance._gongkai_flags_before = None
    if raw or before is None:
        return
    for flag in FLAGS:
        if before[flag] != getattr(instance, flag):
            write(
                AccountsAudit.ADMIN_FLAGS,
                subject=instance,
                actor=_actor(),
                data={"flag": flag, "from": before[flag], "to": getattr(instance, flag)},
            )


def _m2m(action: AccountsAudit) -> Any:
    def receiver(
        sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **_: Any
    ) -> None:
        if action not in ("post_add", "post_remove", "post_clear") or not _is_admin_request():
            return
        users = (
            [instance]
            if not reverse
            else list(get_user_model()._default_manager.filter(pk__in=pk_set or ()))
        )
        names = (
            [str(o) for o in model._default_manager.filter(pk__in=pk_set)]
            if not reverse
            else [str(instance)]
        )
        for user in users:
            write(
                audit_action,
                subject=user,
                actor=_actor(),
                data={"change": action.removeprefix("post_"), "names": names},
            )

    audit_action = action
    return receiver


def _is_admin_request() -> bool:
    request = current_request.get()
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "admin"


def on_membership_saved(
    sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any
) -> None:
    if created and not raw and _is_admin_request():
        write(
            AccountsAudit.ADMIN_MEMBERSHIP_GRANT,
            subject=instance.user,
            actor=_actor(),
            data={"organ": str(instance.organ), "role": instance.role},
        )


def on_membership_deleted(sender: Any, instance: Any, **_: Any) -> None:
    if _is_admin_request():
        write(
            AccountsAudit.ADMIN_MEMBERSHIP_REVOKE,
            subject=instance.user,
            actor=_actor(),
            data={"organ": str(instance.organ), "role": instance.role},
        )


_group_changes = _m2m(AccountsAudit.ADMIN_GROUPS)
_permission_changes = _m2m(AccountsAudit.ADMIN_PERMISSIONS)


def connect() -> None:
    """Called once from the core app's ready()."""
    user_login_failed.connect(on_login_failed, dispatch_uid="gongkai.login_failed")
    user_logged_in.connect(on_logged_in, dispatch_uid="gongkai.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="gongkai.logged_out")
    user = get_user_model()
    pre_save.connect(on_user_pre_save, sender=user, dispatch_uid="gongkai.user_pre_save")
    post_save.connect(on_user_post_save, sender=user, dispatch_uid="gongkai.user_post_save")
    m2m_changed.connect(_group_changes, sender=user.groups.through, dispatch_uid="gongkai.groups")
    m2m_changed.connect(
        _permission_changes, sender=user.user_permissions.through, dispatch_uid="gongkai.perms"
    )
    from django.apps import apps

    if apps.is_installed("gongkai.orgs"):
        membership = apps.get_model("orgs", "Membership")
        post_save.connect(on_membership_saved, sender=membership, dispatch_uid="gongkai.m_saved")
        post_delete.connect(
            on_membership_deleted, sender=membership, dispatch_uid="gongkai.m_deleted"
        )
