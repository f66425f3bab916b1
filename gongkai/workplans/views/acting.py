"""What the task page and the finding page share: running one of their actions (`actions.py`)
from a POST, and the message and status a refusal is shown with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse

from gongkai.core.actors import Actor
from gongkai.core.fsm import InvalidTransition

#: Shows the page again with the bound form and the reason (message, HTTP status).
Refuse = Callable[[Form, str, int], HttpResponse]


def refusal_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "您没有执行此操作的权限。"


def refusal_code(exc: Exception) -> int:
    """403 for a missing post, 409 for a step the state does not allow, 400 for bad input."""
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, InvalidTransition):
        return 409
    return 400


def fixed_roles(roles: set[str]) -> Callable[[Actor, Any], set[str]]:
    """The roles the page already worked out, handed to the action instead of asked again."""

    def roles_of(_actor: Actor, _subject: Any) -> set[str]:
        return roles

    return roles_of


def run_action(
    request: HttpRequest, *, name: str, action: Any, refuse: Refuse
) -> HttpResponse | None:
    """Check the action, validate its form and execute it: None when done (the caller
    redirects), else the page refusing it with the reason; nothing is written on refusal."""
    form = action.form(request.POST)
    form.auto_id = f"{name}-%s"
    try:
        action.check()
        if not form.is_valid():
            raise ValidationError("请修改下列问题后再提交。")
        data = dict(form.cleaned_data)
        if action.files:
            data["files"] = [(u.name, u) for u in request.FILES.getlist("files")]
        action.execute(**data)
    except (PermissionDenied, InvalidTransition, ValidationError) as exc:
        return refuse(form, refusal_message(exc), refusal_code(exc))
    messages.success(request, action.done)
    return None
