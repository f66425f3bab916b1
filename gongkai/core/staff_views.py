"""What the back-office views of the domain apps share: running a service from a POST and
saying what happened in Chinese, and a form's errors as one message. A service refuses with
ValidationError (bad input) or InvalidTransition (a step the state does not allow); both become
a message on the page and nothing is written. PermissionDenied is not caught: it is a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gongkai.core.fsm import InvalidTransition


def validation_message(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def attempt(request: HttpRequest, write: Callable[[], Any], done: str, form: Any = None) -> bool:
    """Run a service; say what happened (True when it was done). Field errors go to `form`
    when there is one, so the reader sees them by the field; the rest to the page's messages."""
    try:
        write()
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.error(request, validation_message(exc))
        return False
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


def form_errors(form: Any) -> str:
    """Each field's errors after its label ("签发日期：此项为必填项。"), for one message."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label or "") if field is not None else ""
        parts.append(f"{label}：{' '.join(errors)}" if label else " ".join(errors))
    return "；".join(parts)
