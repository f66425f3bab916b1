"""账号与岗位: a 公开办管理员 manages the accounts of its organ and the organs below it, in the
back office (the Django admin stays for the system administrator).

Who may do what is decided by the services (`gongkai.orgs.services`, `require_roles` on the
organ concerned): naming an organ outside one's subtree, or an account that also serves
elsewhere, is a 403, not a form error. A password (given or generated) is shown once, on the
response to the POST that set it, never stored in a message or the session, never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.audit import audit_data_text, timeline_row
from gongkai.core.models import AuditEvent
from gongkai.office.account_forms import (
    AccountChangeForm,
    AccountCreateForm,
    GrantForm,
    PasswordForm,
    organ_choices,
)
from gongkai.orgs.audit import OrgsAudit
from gongkai.orgs.models import Membership, Organ, Role
from gongkai.orgs.permissions import organs_with_role, require_roles
from gongkai.orgs.selectors import account_rows, display_name
from gongkai.orgs.services import (
    AccountFields,
    account_change,
    account_create,
    account_manageable,
    account_set_active,
    membership_grant,
    password_reset,
    role_revoke,
)

NOT_ADMIN = "只有公开办管理员可以管理账号和岗位。"


def _admin_organs(request: HttpRequest) -> list[Organ]:
    organs = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not organs:
        raise PermissionDenied(NOT_ADMIN)
    return organs


def _refuse_foreign_organ(request: HttpRequest, organs: list[Organ]) -> None:
    """An organ outside the admin's subtree is a 403 (not a typo to correct in the form)."""
    raw = request.POST.get("organ", "")
    if raw.isdigit() and int(raw) not in {o.pk for o in organs}:
        organ = Organ.objects.filter(pk=int(raw)).first()
        if organ is not None:
            require_roles(
                request.user,
                organ,
                {Role.ORGAN_ADMIN},
                message="您不是该机关的公开办管理员，不能管理其账号和岗位。",
            )


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _shown_once(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, "office/account_password.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    wanted = request.GET.get("organ", "")
    chosen = next((o for o in organs if str(o.pk) == wanted), None)
    context = {
        "organs": organs,
        "organ_choices": organ_choices(organs),
        "chosen": chosen,
        "rows": account_rows(organs, organ=chosen),
    }
    return render(request, "office/accounts.html", context)


@login_required
def account_new(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    wanted = request.GET.get("organ", "")
    initial = {"organ": next((o.pk for o in organs if str(o.pk) == wanted), organs[0].pk)}
    if request.method != "POST":
        form = AccountCreateForm(organs=organs, initial=initial)
        return render(request, "office/account_form.html", {"form": form})
    _refuse_foreign_organ(request, organs)
    form = AccountCreateForm(request.POST, organs=organs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user, password = account_create(
                actor=request.user,
                organ=data["organ"],
                username=data["username"],
                fields=AccountFields(full_name=data["full_name"], email=data["email"]),
                roles=data["roles"],
                password=data["password"] or None,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return _shown_once(
                request,
                {
                    "account": user,
                    "password": password,
                    "generated": not data["password"],
                    "created": True,
                },
            )
    return render(request, "office/account_form.html", {"form": form}, status=400)


def _account(request: HttpRequest, pk: int, organs: list[Organ]) -> Any:
    """The account, if it holds a post in an organ the admin manages (else 403)."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if (
        not getattr(request.user, "is_superuser", False)
        and not Membership.objects.filter(user_id=user.pk, organ__in=organs).exists()
    ):
        raise PermissionDenied("该账号不在您管理的机关任职。")
    return user


def _history(user: Any) -> list[dict[str, Any]]:
    """The account's 办理记录: its own events and the grants and revocations of its posts."""
    user_type = get_user_model()._meta.label_lower
    posts = [OrgsAudit.MEMBERSHIP_GRANT.value, OrgsAudit.ROLE_REVOKE.value]
    events = AuditEvent.objects.filter(
        Q(object_type=user_type, object_id=str(user.pk))
        | Q(action__in=posts, data__user=user.get_username())
    ).order_by("created_at", "id")
    return [
        timeline_row(
            event, status_labels={}, detail=audit_data_text(event.data, action=event.action)
        )
        for event in events
    ]


def _detail(
    request: HttpRequest,
    user: Any,
    organs: list[Organ],
    *,
    status: int = 200,
    **forms: Form,
) -> HttpResponse:
    labels = dict(Role.choices)
    mine = {o.pk for o in organs}
    posts = [
        {"organ": m.organ, "role": m.role, "label": labels.get(m.role, m.role)}
        for m in Membership.objects.filter(user_id=user.pk)
        .select_related("organ")
        .order_by("organ__tree_key", "role")
        if m.organ_id in mine or getattr(request.user, "is_superuser", False)
    ]
    elsewhere = Membership.objects.filter(user_id=user.pk).exclude(
        organ_id__in=mine
    ).exists() and not getattr(request.user, "is_superuser", False)
    context = {
        "account": user,
        "name": display_name(user),
        "posts": posts,
        "elsewhere": elsewhere,
        "manageable": account_manageable(request.user, user),
        "change_form": forms.get("change_form")
        or AccountChangeForm(initial={"full_name": display_name(user), "email": user.email}),
        "grant_form": forms.get("grant_form") or GrantForm(organs=organs, prefix="grant"),
        "password_form": forms.get("password_form") or PasswordForm(prefix="pw"),
        "history": _history(user),
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "office/account_detail.html", context, status=status)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    return _detail(request, _account(request, pk, organs), organs)


@login_required
@require_POST
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    user = _account(request, pk, organs)
    form = AccountChangeForm(request.POST)
    if form.is_valid():
        try:
            account_change(
                actor=request.user,
                user=user,
                fields=AccountFields(
                    full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"]
                ),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "账号信息已保存。")
            return redirect("office:account_detail", pk=user.pk)
    return _detail(request, user, organs, status=400, change_form=form)


@login_required
@require_POST
def account_grant(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    user = _account(request, pk, organs)
    if request.POST.get("grant-organ", "").isdigit():
        organ = Organ.objects.filter(pk=int(request.POST["grant-organ"])).first()
        if organ is not None and organ.pk not in {o.pk for o in organs}:
            require_roles(
                request.user,
                organ,
                {Role.ORGAN_ADMIN},
                message="您不是该机关的公开办管理员，不能在该机关授予岗位。",
            )
    form = GrantForm(request.POST, organs=organs, prefix="grant")
    if form.is_valid():
        organ, role = form.cleaned_data["organ"], form.cleaned_data["role"]
        try:
            membership_grant(actor=request.user, user=user, organ=organ, role=role)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已授予“{organ.name}”的“{Role(role).label}”岗位。")
            return redirect("office:account_detail", pk=user.pk)
    return _detail(request, user, organs, status=400, grant_form=form)


@login_required
@require_POST
def account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    user = _account(request, pk, organs)
    organ = get_object_or_404(Organ, pk=request.POST.get("organ") or 0)
    role = request.POST.get("role", "")
    try:
        role_revoke(actor=request.user, user=user, organ=organ, role=role)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已撤销“{organ.name}”的“{Role(role).label}”岗位。")
    return redirect("office:account_detail", pk=user.pk)


@login_required
@require_POST
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    user = _account(request, pk, organs)
    active = request.POST.get("active") == "1"
    try:
        account_set_active(actor=request.user, user=user, active=active)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "账号已启用。" if active else "账号已停用，不能再登录。")
    return redirect("office:account_detail", pk=user.pk)


@login_required
@require_POST
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    organs = _admin_organs(request)
    user = _account(request, pk, organs)
    form = PasswordForm(request.POST, prefix="pw")
    if form.is_valid():
        given = form.cleaned_data["password"] or None
        try:
            password = password_reset(actor=request.user, user=user, password=given)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            context = {"account": user, "password": password, "generated": given is None}
            return _shown_once(request, context)
    return _detail(request, user, organs, status=400, password_form=form)
