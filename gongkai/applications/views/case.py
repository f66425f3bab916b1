"""The back-office case page and every action on it (`gongkai.applications.actions`).

The page offers the forms of the actions whose `check()` passes for this user and case; a POST
runs the named action's `check()` and then its `execute()` (one service, which checks again under
the row lock). A refused action re-renders the page with the typed values kept and the Chinese
message: `PermissionDenied` (role missing: 403), `InvalidTransition` (the table forbids it in this
state; nothing changes: 409) and `ValidationError` (a rule or the dates: 400).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import selectors
from gongkai.applications.actions import CASE_ACTIONS, CaseAction
from gongkai.applications.models import Application
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.services.casework import can_view_personal_data, personal_data_viewed
from gongkai.applications.services.documents import letter_preview, letter_settings_missing
from gongkai.applications.services.intake import find_possible_duplicates
from gongkai.applications.transitions import InvalidTransition
from gongkai.core.actors import Actor


def _roles_of(roles: set[str]) -> Callable[[Actor, Application], set[str]]:
    """The user's roles in the case's organ, as read once for this request."""

    def roles_of(_actor: Actor, _app: Application) -> set[str]:
        return roles

    return roles_of


def render_case(
    request: HttpRequest,
    app: Application,
    roles: set[str],
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    app.refresh_from_db()
    offered = CASE_ACTIONS.available(actor=request.user, subject=app, roles_of=_roles_of(roles))
    actions: dict[str, CaseAction] = {a.name: a for a in offered if isinstance(a, CaseAction)}
    reveal = request.GET.get("reveal") == "1" and can_view_personal_data(request.user, app)
    if reveal:
        personal_data_viewed(actor=request.user, app=app, fields=["id_number", "phone"])
    action_forms = {name: action.form() for name, action in actions.items()}
    action_forms.update(bound or {})
    for name, form in action_forms.items():
        form.auto_id = f"{name}-%s"  # many forms on one page: keep label/id pairs unique
    # A refused form the new state no longer offers: show what was typed, so nothing is lost.
    kept = [
        (field.label, field.value())
        for name, form in (bound or {}).items()
        if name not in actions
        for field in form
        if field.value() not in (None, "") and not field.is_hidden
    ]
    context = {
        "app": app,
        "actions": actions,
        "kept": kept,
        "reveal": reveal,
        "can_reveal": can_view_personal_data(request.user, app) and not reveal,
        "forms": action_forms,
        "alert": alert,
        "timeline": selectors.staff_timeline(app),
        "documents": list(app.documents.all()),
        "consultations": list(app.consultations.all()),
        "open_consultations": selectors.open_consultations(app),
        "notes": list(app.notes.select_related("author")),
        "challenges": list(app.challenges.all()),
        "duplicates": find_possible_duplicates(app),
        "transferred_from": list(app.transferred_from.select_related("organ")),
        "outcome": OUTCOME_BY_KEY.get(app.outcome),
        # The answer waiting for 审核 / 签发, with the letter it will become; the last return.
        "draft_outcome": OUTCOME_BY_KEY.get(app.draft_outcome),
        "letter_preview": letter_preview(app) if app.draft_outcome else None,
        "returned": selectors.answer_returned(app),
        # Art. 51 remedy and contact line: what the organ has not set (its 公开办 should).
        "letter_missing": letter_settings_missing(app.organ) if actions else [],
        "no_gio_head": bool(actions) and not selectors.organ_has_gio_head(app.organ),
    }
    return render(request, "applications/staff/case.html", context, status=status)


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@login_required
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    app, roles = selectors.case_for_user(request.user, pk)
    return render_case(request, app, roles)


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app, roles = selectors.case_for_user(request.user, pk)
    action_class = CASE_ACTIONS.get(name)
    if action_class is None or not issubclass(action_class, CaseAction):
        raise Http404("没有这个办理操作。")
    action = action_class(actor=request.user, subject=app, roles_of=_roles_of(roles))
    form = action.form(request.POST)

    def refused(message: str, status: int) -> HttpResponse:
        return render_case(request, app, roles, bound={name: form}, alert=message, status=status)

    try:
        action.check()  # the same check that decided whether the form was offered
        if not form.is_valid():
            return refused("请修改下列问题后再提交。", 400)
        action.execute(**form.cleaned_data)
    except PermissionDenied as exc:
        return refused(str(exc) or "您没有执行此操作的权限。", 403)
    except InvalidTransition as exc:
        return refused(str(exc), 409)
    except ValidationError as exc:
        return refused("；".join(exc.messages), 400)
    messages.success(request, action.done)
    return redirect("office_apps:case", pk=app.pk)
