"""Writes for organs, memberships (岗位) and the accounts a 公开办管理员 manages."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.audit import OrgsAudit
from gongkai.orgs.models import GUIDE_FIELDS, Membership, Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.orgs.signals import organ_created

# The accounts a 公开办管理员 manages (create, posts, deactivate, password) are further down, and
# call `_require_manageable`; it is defined with them.
NOT_ORGAN_ADMIN = "您不是该机关的公开办管理员。"


@transaction.atomic
def organ_create(*, actor: Actor, organ: Organ) -> Organ:
    """Validate and save a new organ; `organ_created` receivers (the catalog's standard
    columns) write in the same transaction."""
    organ.full_clean()
    organ.save()
    organ_created.send(sender=Organ, organ=organ)
    audit_record(actor=actor, action=OrgsAudit.ORGAN_CREATE, obj=organ, organ_id=organ.pk)
    return organ


@transaction.atomic
def organ_change(*, actor: Actor, organ: Organ, changed: list[str]) -> Organ:
    """Save edits to an organ (the admin form validated them) and audit which fields changed."""
    organ.full_clean()
    organ.save()
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGAN_CHANGE,
        obj=organ,
        organ_id=organ.pk,
        data={"fields": sorted(changed)},
    )
    return organ


@transaction.atomic
def membership_grant(
    *, actor: Actor, user: AbstractBaseUser, organ: Organ, role: str
) -> Membership:
    """Give `user` the post `role` in `organ`: only a 公开办管理员 of that organ (or of one above
    it) or the system administrator may; granting a post held already changes nothing."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_ORGAN_ADMIN)
    if role not in Role.values:
        raise ValidationError("岗位无效。")
    _require_not_superuser(actor, user)
    membership, created = Membership.objects.get_or_create(user_id=user.pk, organ=organ, role=role)
    if created:
        audit_record(
            actor=actor,
            action=OrgsAudit.MEMBERSHIP_GRANT,
            obj=membership,
            organ_id=organ.pk,
            data={"user": user.get_username(), "role": role, "organ": organ.name},
        )
    return membership


@transaction.atomic
def organ_guide_update(*, actor: Actor, organ: Organ, **fields: Any) -> Organ:
    """Art. 12: the 公开办管理员 keeps the 公开指南 contact data current (dated)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_ORGAN_ADMIN)
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields: {sorted(unknown)}")
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    changed = sorted(k for k, v in fields.items() if getattr(organ, k) != v)
    for name, value in fields.items():
        setattr(organ, name, value)
    if fields.get("guide_updated_at") is None:
        organ.guide_updated_at = timezone.localdate()
    organ.full_clean()
    organ.save(update_fields=[*GUIDE_FIELDS])
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGAN_GUIDE,
        obj=organ,
        organ_id=organ.pk,
        data={"changed": changed},
    )
    return organ


# ---- accounts (公开办管理员, without the Django admin) -------------------------------------------
#
# A 公开办管理员 manages the accounts of its organ and the organs below it: who holds which post
# there. The rules: every write is guarded on the organ concerned (`require_roles`, a 403 for an
# organ outside the admin's subtree); an account that also holds posts outside the subtree, and
# a system administrator's account, belong to someone else (403); nobody is made a superuser
# or given the Django admin here; an account keeps at least one post (an account without posts
# would be nobody's to manage: deactivate it instead); the admin cannot lock themselves out.
# Passwords pass Django's validators and are never audited.

NOT_YOURS = (
    "该账号还在您管理范围以外的机关任职，或是系统管理员账号：账号的信息、密码和停用"
    "请由相应的管理员办理。"
)
#: Letters and digits that cannot be mistaken for one another when read off a screen.
UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def _require_not_superuser(actor: Actor, user: AbstractBaseUser) -> None:
    """A system administrator's account is managed by system administrators only."""
    if getattr(user, "is_superuser", False) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(NOT_YOURS)


def _require_manageable(actor: Actor, user: AbstractBaseUser) -> None:
    """The whole account (name, password, 停用) is the actor's to manage: not a system
    administrator's, and every post it holds is in an organ the actor administers. A post
    alone (grant, revoke) needs only the organ of that post."""
    _require_not_superuser(actor, user)
    if getattr(actor, "is_superuser", False):
        return
    for organ in Organ.objects.filter(memberships__user_id=user.pk).distinct():
        require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_YOURS)


def account_manageable(actor: Actor, user: AbstractBaseUser) -> bool:
    """Whether `_require_manageable` lets the actor manage the whole account (page buttons)."""
    try:
        _require_manageable(actor, user)
    except PermissionDenied:
        return False
    return True


def random_password() -> str:
    """A new password to be read off the screen once and changed by its holder."""
    while True:
        candidate = "".join(secrets.choice(UNAMBIGUOUS_CHARACTERS) for _ in range(PASSWORD_LENGTH))
        # Digits, lower and upper case: the character classes of core/passwords.py.
        if all(any(test(c) for c in candidate) for test in (str.isdigit, str.islower, str.isupper)):
            return candidate


def _set_password(user: Any, password: str | None) -> str:
    """Validate (Django's validators, Chinese messages) and set; a blank password → generated."""
    new = password or random_password()
    try:
        validate_password(new, user)
    except ValidationError as exc:
        raise ValidationError({"password": _chinese(exc)}) from None
    user.set_password(new)
    return new


#: Django's password validators by error code, in Chinese: its zh-hans catalogue lacks some of
#: the current messages (the minimum length one is shown in English).
PASSWORD_MESSAGES = {
    "password_too_short": "密码太短，至少需要{min_length}个字符。",
    "password_too_common": "密码过于常见，请换一个不易被猜到的密码。",
    "password_entirely_numeric": "密码不能全是数字。",
    "password_too_similar": "密码与用户名、姓名或电子邮箱过于相似。",
}


def _chinese(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.error_list:
        template = PASSWORD_MESSAGES.get(str(error.code))
        params = error.params if isinstance(error.params, dict) else {}
        out.append(template.format(**params) if template else " ".join(error.messages))
    return out


def _clean_roles(roles: Collection[str]) -> list[str]:
    wanted = sorted(set(roles))
    if not wanted:
        raise ValidationError({"roles": "请至少选择一个岗位。"})
    if set(wanted) - set(Role.values):
        raise ValidationError({"roles": "岗位无效。"})
    return wanted


@dataclass(frozen=True)
class AccountFields:
    """What a 公开办管理员 enters for an account (never the superuser or staff flags)."""

    full_name: str
    email: str = ""


def _apply_fields(user: Any, fields: AccountFields) -> list[str]:
    full_name, email = fields.full_name.strip(), fields.email.strip()
    if not full_name:
        raise ValidationError({"full_name": "请填写姓名。"})
    if len(full_name) > 150:
        raise ValidationError({"full_name": "姓名不能超过150个字。"})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "电子邮箱格式不正确。"}) from None
    changed = []
    # The full Chinese name goes in first_name so get_full_name() shows it unchanged.
    if (user.first_name, user.last_name) != (full_name, ""):
        user.first_name, user.last_name = full_name, ""
        changed.append("full_name")
    if user.email != email:
        user.email = email
        changed.append("email")
    return changed


@transaction.atomic
def account_create(
    *,
    actor: Actor,
    organ: Organ,
    username: str,
    fields: AccountFields,
    roles: Collection[str],
    password: str | None = None,
) -> tuple[Any, str]:
    """A new account with posts in `organ`; returns it and its initial password (the one given,
    or a generated one, to be shown once)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_ORGAN_ADMIN)
    wanted = _clean_roles(roles)
    model = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名。"})
    try:
        model.username_validator(username)
    except ValidationError:
        raise ValidationError(
            {"username": "用户名只能包含字母、数字和 @ . + - _ 字符，不超过150个字符。"}
        ) from None
    if model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用，请换一个。"})
    user = model(username=username, is_active=True, is_staff=False, is_superuser=False)
    _apply_fields(user, fields)
    initial = _set_password(user, password)
    user.save()
    audit_record(
        actor=actor,
        action=OrgsAudit.USER_CREATE,
        obj=user,
        organ_id=organ.pk,
        data={
            "username": username,
            "full_name": user.first_name,
            "organ": organ.name,
            "roles": wanted,
            "generated": not password,
        },
    )
    for role in wanted:
        membership_grant(actor=actor, user=user, organ=organ, role=role)
    return user, initial


@transaction.atomic
def account_change(*, actor: Actor, user: AbstractBaseUser, fields: AccountFields) -> Any:
    """Correct the name or e-mail address of an account the actor manages."""
    account = _locked_user(user)
    _require_manageable(actor, account)
    changed = _apply_fields(account, fields)
    if changed:
        account.save(update_fields=["first_name", "last_name", "email"])
        audit_record(
            actor=actor,
            action=OrgsAudit.USER_CHANGE,
            obj=account,
            organ_id=_home_organ_id(account),
            data={"user": account.get_username(), "changed": changed},
        )
    return account


@transaction.atomic
def role_revoke(*, actor: Actor, user: AbstractBaseUser, organ: Organ, role: str) -> None:
    """Take the post `role` in `organ` away; the account keeps at least one post, and an admin
    does not revoke their own 公开办管理员 post (someone above them does)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_ORGAN_ADMIN)
    account = _locked_user(user)
    _require_not_superuser(actor, account)
    membership = Membership.objects.filter(user_id=account.pk, organ=organ, role=role).first()
    if membership is None:
        raise ValidationError("该账号在该机关没有这个岗位。")
    if account.pk == getattr(actor, "pk", None) and role == Role.ORGAN_ADMIN:
        raise ValidationError("不能撤销自己的公开办管理员岗位，请由上级机关的公开办管理员办理。")
    if Membership.objects.filter(user_id=account.pk).count() == 1:
        raise ValidationError("这是该账号唯一的岗位，不能撤销；不再使用的账号请停用。")
    audit_record(
        actor=actor,
        action=OrgsAudit.ROLE_REVOKE,
        obj=membership,
        organ_id=organ.pk,
        data={"user": account.get_username(), "role": role, "organ": organ.name},
    )
    membership.delete()


@transaction.atomic
def account_set_active(*, actor: Actor, user: AbstractBaseUser, active: bool) -> Any:
    """停用 / 启用: a deactivated account cannot sign in; its posts and records stay."""
    account = _locked_user(user)
    _require_manageable(actor, account)
    if not active and account.pk == getattr(actor, "pk", None):
        raise ValidationError("不能停用自己的账号。")
    if account.is_active == active:
        return account
    account.is_active = active
    account.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=OrgsAudit.USER_REACTIVATE if active else OrgsAudit.USER_DEACTIVATE,
        obj=account,
        organ_id=_home_organ_id(account),
        data={"user": account.get_username()},
    )
    return account


@transaction.atomic
def password_reset(*, actor: Actor, user: AbstractBaseUser, password: str | None = None) -> str:
    """A new password for an account the actor manages: the one given, or a generated one, to
    be shown once. The audit row says who and whether it was generated, never the password."""
    account = _locked_user(user)
    _require_manageable(actor, account)
    new = _set_password(account, password)
    account.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action=OrgsAudit.PASSWORD_RESET,
        obj=account,
        organ_id=_home_organ_id(account),
        data={"user": account.get_username(), "generated": not password},
    )
    return new


def _locked_user(user: AbstractBaseUser) -> Any:
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _home_organ_id(user: AbstractBaseUser) -> int | None:
    """The organ an account's audit rows are filed under: its first post in tree order."""
    first: int | None = (
        Membership.objects.filter(user_id=user.pk)
        .order_by("organ__tree_key")
        .values_list("organ_id", flat=True)
        .first()
    )
    return first
