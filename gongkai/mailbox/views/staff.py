"""Back office of the mailbox: the queue, a letter with its actions, the 公开办's oversight of
unanswered letters (the three-month veto), and attachments. Login required in every view.

A refused action re-renders the page with the typed values and the Chinese message:
`PermissionDenied` (403), `InvalidTransition` (409), `ValidationError` (400).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.actors import Actor
from gongkai.core.conf import gongkai_settings
from gongkai.core.fsm import InvalidTransition
from gongkai.mailbox import deadlines, selectors
from gongkai.mailbox.actions import LETTER_ACTIONS, LetterAction
from gongkai.mailbox.models import Letter, LetterAttachment, Status
from gongkai.mailbox.services.publication import public_copy
from gongkai.mailbox.services.workflow import personal_data_viewed

PAGE_SIZE = 50


def _roles_of(roles: set[str]) -> Callable[[Actor, Letter], set[str]]:
    def roles_of(_actor: Actor, _letter: Letter) -> set[str]:
        return roles

    return roles_of


@never_cache
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:50]
    overdue = request.GET.get("overdue") == "1"
    letters = selectors.queue(request.user, status=status, q=q, overdue=overdue)
    context = {
        "letters": list(letters[:PAGE_SIZE]),
        "total": letters.count(),
        "statuses": Status.choices,
        "status": status,
        "q": q,
        "overdue": overdue,
        "today": timezone.localdate(),
    }
    return render(request, "mailbox/staff/queue.html", context)


def render_letter(
    request: HttpRequest,
    letter: Letter,
    roles: set[str],
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    letter.refresh_from_db()
    offered = LETTER_ACTIONS.available(
        actor=request.user, subject=letter, roles_of=_roles_of(roles)
    )
    actions = {a.name: a for a in offered if isinstance(a, LetterAction)}
    forms = {name: action.form() for name, action in actions.items()}
    forms.update({k: v for k, v in (bound or {}).items() if k in actions})
    for name, form in forms.items():
        form.auto_id = f"{name}-%s"
    reveal = request.GET.get("reveal") == "1"
    if reveal:
        personal_data_viewed(actor=request.user, letter=letter)
    context = {
        "reveal": reveal,
        "letter": letter,
        "actions": actions,
        "forms": forms,
        "alert": alert,
        "timeline": selectors.staff_timeline(letter),
        "transfers": list(letter.transfers.select_related("from_organ", "to_organ", "by")),
        "attachments": list(letter.attachments.all()),
        "veto": deadlines.veto_date(letter.submitted_on),
        "preview": public_copy(letter) if letter.status in (Status.ANSWERED, Status.RATED,
                                                            Status.ARCHIVED) else None,
        "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "mailbox/staff/letter.html", context, status=status)


@never_cache
@login_required
def letter_view(request: HttpRequest, pk: int) -> HttpResponse:
    letter, roles = selectors.letter_for_user(request.user, pk)
    return render_letter(request, letter, roles)


@never_cache
@login_required
@require_POST
def letter_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    letter, roles = selectors.letter_for_user(request.user, pk)
    action_class = LETTER_ACTIONS.get(name)
    if action_class is None or not issubclass(action_class, LetterAction):
        raise Http404("没有这个办理操作。")
    action = action_class(actor=request.user, subject=letter, roles_of=_roles_of(roles))
    form = action.form(request.POST)
    form.auto_id = f"{name}-%s"

    def refused(message: str, code: int) -> HttpResponse:
        return render_letter(request, letter, roles, bound={name: form}, alert=message, status=code)

    try:
        action.check()
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
    if not selectors.visible_letters(request.user).filter(pk=letter.pk).exists():
        return redirect("office_mailbox:queue")  # transferred out of the user's organs
    return redirect("office_mailbox:letter", pk=letter.pk)


@never_cache
@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(LetterAttachment.objects.select_related("letter"), pk=pk)
    selectors.letter_for_user(request.user, item.letter_id)  # 404 unless the user may see it
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@never_cache
@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    """公开办: the oldest unanswered letter per organ, before the three-month veto."""
    rows = selectors.oversight(request.user)
    if not rows:
        raise PermissionDenied("您没有办理留言的岗位。")
    context = {
        "rows": rows,
        "today": timezone.localdate(),
        "thresholds": list(gongkai_settings().MAILBOX_ALERT_DAYS),
    }
    return render(request, "mailbox/staff/oversight.html", context)
