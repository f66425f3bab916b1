"""Back office of 公众参与: the overview, consultations (with their actions), surveys, proposals
and 舆情. Login required in every view; a record of an organ the user does not handle is a 404.

A refused action re-renders the page with the typed values and the Chinese message:
`PermissionDenied` (403), `InvalidTransition` (409), `ValidationError` (400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.actors import Actor
from gongkai.core.fsm import InvalidTransition
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import role_map, roles_for
from gongkai.participation import forms as f
from gongkai.participation import rules, selectors
from gongkai.participation.actions import CONSULTATION_ACTIONS, ConsultationAction
from gongkai.participation.models import (
    CommentStatus,
    Consultation,
    ConsultationStatus,
)
from gongkai.participation.services import consultations as consult_svc
from gongkai.participation.services import opinions as opinion_svc
from gongkai.participation.services import proposals as proposal_svc
from gongkai.participation.services import surveys as survey_svc
from gongkai.participation.transitions import HANDLER_ROLES, NOT_HANDLER

Roles = Callable[[Actor, Consultation], set[str]]


def _handled_organs(user: Any) -> Any:
    """Organs where the user runs 公众参与 (403 when none)."""
    if getattr(user, "is_superuser", False):
        organs = Organ.objects.all()
    else:
        ids = [pk for pk, held in role_map(user).items() if held & HANDLER_ROLES]
        organs = Organ.objects.filter(pk__in=ids)
    if not organs.exists():
        raise PermissionDenied(NOT_HANDLER)
    return organs.order_by("tree_key")


def _refusal(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, PermissionDenied):
        return str(exc) or NOT_HANDLER, 403
    if isinstance(exc, InvalidTransition):
        return str(exc), 409
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages), 400
    return str(exc), 400


def _add_errors(form: Form, exc: ValidationError) -> None:
    for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = timezone.localdate().year
    context = {
        "consultations": list(selectors.visible_consultations(user)[:50]),
        "surveys": list(selectors.visible_surveys(user)[:20]),
        "proposals_open": selectors.visible_proposals(user).filter(replied_on__isnull=True).count(),
        "opinions_overdue": list(selectors.overdue_opinions(user)[:20]),
        "year": year,
        "today": timezone.localdate(),
    }
    return render(request, "participation/staff/index.html", context)


# ---- consultations ----------------------------------------------------------------------------


@never_cache
@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    organs = _handled_organs(request.user)
    form = f.ConsultationForm(request.POST or None, request.FILES or None, organs=organs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            fields = consult_svc.ConsultationFields(
                kind=cd["kind"],
                title=cd["title"],
                explanation=cd["explanation"],
                starts_on=cd["starts_on"],
                ends_on=cd["ends_on"],
                draft_text=cd["draft_text"],
                shortened_reason=cd["shortened_reason"],
                contact=cd["contact"],
            )
            upload = cd.get("attachment")
            try:
                consultation = consult_svc.consultation_create(
                    actor=request.user,
                    organ=cd["organ"],
                    fields=fields,
                    attachment=(upload.name, upload) if upload else None,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, "征求意见已登记为草稿，核对后请发布。")
                return redirect("office_participation:consultation", pk=consultation.pk)
    context = {
        "form": form,
        "minimums": {
            "major": consult_svc.minimum_days("major_decision"),
            "other": consult_svc.minimum_days("other"),
        },
    }
    return render(request, "participation/staff/consultation_new.html", context, status=status)


def _roles(roles: set[str]) -> Roles:
    return lambda _actor, _obj: roles


def render_consultation(
    request: HttpRequest,
    consultation: Consultation,
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    consultation.refresh_from_db()
    roles = roles_for(request.user, consultation.organ)
    offered = CONSULTATION_ACTIONS.available(
        actor=request.user, subject=consultation, roles_of=_roles(roles)
    )
    actions = {a.name: a for a in offered if isinstance(a, ConsultationAction)}
    forms = {name: action.form() for name, action in actions.items()}
    forms.update({k: v for k, v in (bound or {}).items() if k in actions})
    for name, form in forms.items():
        form.auto_id = f"{name}-%s"
    close_refusal = None
    if consultation.status == ConsultationStatus.OPEN:
        close_refusal = rules.close_refusal(
            feedback_published=consultation.feedback_published_at is not None,
            ended=timezone.localdate() > consultation.ends_on,
        )
    comments = list(consultation.comments.select_related("group"))
    context = {
        "c": consultation,
        "actions": actions,
        "forms": forms,
        "alert": alert,
        "comments": comments,
        "pending": [c for c in comments if c.status == CommentStatus.PENDING],
        "groups": selectors.feedback_groups(consultation),
        "stats": selectors.comment_statistics(consultation),
        "close_refusal": close_refusal,
        "phase": consultation.phase(timezone.localdate()),
    }
    return render(request, "participation/staff/consultation.html", context, status=status)


@never_cache
@login_required
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.consultation_for_user(request.user, pk)
    return render_consultation(request, found)


@never_cache
@login_required
@require_POST
def consultation_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    found = selectors.consultation_for_user(request.user, pk)
    action_class = CONSULTATION_ACTIONS.get(name)
    if action_class is None or not issubclass(action_class, ConsultationAction):
        raise Http404("没有这个办理操作。")
    action = action_class(
        actor=request.user, subject=found, roles_of=_roles(roles_for(request.user, found.organ))
    )
    form = action.form(request.POST)
    form.auto_id = f"{name}-%s"
    try:
        action.check()
        if not form.is_valid():
            return render_consultation(
                request, found, bound={name: form}, alert="请修改下列问题后再提交。", status=400
            )
        action.execute(**form.cleaned_data)
    except (PermissionDenied, InvalidTransition, ValidationError) as exc:
        message, code = _refusal(exc)
        return render_consultation(request, found, bound={name: form}, alert=message, status=code)
    messages.success(request, action.done)
    return redirect("office_participation:consultation", pk=found.pk)


@never_cache
@login_required
def consultation_attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.consultation_for_user(request.user, pk)
    if not found.attachment:
        raise Http404("没有附件。")
    return FileResponse(
        found.attachment.open("rb"), as_attachment=True, filename=found.attachment_name or "附件"
    )


# ---- surveys --------------------------------------------------------------------------------


@never_cache
@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    form = f.SurveyForm(request.POST or None, organs=_handled_organs(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                survey = survey_svc.survey_create(
                    actor=request.user,
                    organ=cd["organ"],
                    title=cd["title"],
                    intro=cd["intro"],
                    starts_on=cd["starts_on"],
                    ends_on=cd["ends_on"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "调查已创建，请添加题目。")
                return redirect("office_participation:survey", pk=survey.pk)
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "heading": "发起网上调查"},
        status=status,
    )


@never_cache
@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.survey_for_user(request.user, pk)
    form = f.QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                survey_svc.question_add(
                    actor=request.user,
                    survey=found,
                    kind=cd["kind"],
                    text=cd["text"],
                    choices=cd["choices"].splitlines(),
                    required=cd["required"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "题目已添加。")
                return redirect("office_participation:survey", pk=found.pk)
    total, results = selectors.survey_results(found)
    context = {
        "survey": found,
        "form": form,
        "questions": list(found.questions.all()),
        "total": total,
        "results": results,
        "today": timezone.localdate(),
    }
    return render(request, "participation/staff/survey.html", context, status=status)


# ---- 建议提案 -------------------------------------------------------------------------------


@never_cache
@login_required
def proposals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    visible = selectors.visible_proposals(request.user)
    context = {
        "proposals": list(visible.filter(year=year).order_by("replied_on", "due_on")[:200]),
        "rows": selectors.proposal_statistics(year, qs=visible),
        "year": year,
        "today": today,
    }
    return render(request, "participation/staff/proposals.html", context)


@never_cache
@login_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    form = f.ProposalForm(request.POST or None, organs=_handled_organs(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            fields = proposal_svc.ProposalFields(
                kind=cd["kind"],
                year=cd["year"],
                number=cd["number"],
                title=cd["title"],
                proposer=cd["proposer"],
                assigned_on=cd["assigned_on"],
                complex_matter=cd["complex_matter"],
            )
            try:
                proposal = proposal_svc.proposal_register(
                    actor=request.user,
                    organ=cd["organ"],
                    fields=fields,
                    co_organs=list(cd["co_organs"]),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "建议提案已登记。")
                return redirect("office_participation:proposal", pk=proposal.pk)
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "heading": "登记建议提案"},
        status=status,
    )


@never_cache
@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.proposal_for_user(request.user, pk)
    items = selectors.items_for_linking(request.user, [found.organ_id])
    form = f.ReplyForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                proposal_svc.proposal_reply(
                    actor=request.user,
                    proposal=found,
                    replied_on=cd["replied_on"],
                    disclosure=cd["disclosure"],
                    item=cd["item"],
                    summary=cd["summary"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "办理复文已登记。")
                return redirect("office_participation:proposal", pk=found.pk)
    context = {
        "p": found,
        "form": form,
        "today": timezone.localdate(),
        "co_organs": list(found.co_organs.all()),
    }
    return render(request, "participation/staff/proposal.html", context, status=status)


# ---- 舆情 -----------------------------------------------------------------------------------


@never_cache
@login_required
def opinions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    visible = selectors.visible_opinions(request.user)
    context = {
        "opinions": list(visible[:100]),
        "overdue": list(selectors.overdue_opinions(request.user, now=now)),
        "rows": selectors.opinion_statistics(timezone.localdate().year, qs=visible),
        "year": timezone.localdate().year,
        "now": now,
    }
    return render(request, "participation/staff/opinions.html", context)


@never_cache
@login_required
def opinion_new(request: HttpRequest) -> HttpResponse:
    form = f.OpinionForm(request.POST or None, organs=_handled_organs(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                opinion = opinion_svc.opinion_register(
                    actor=request.user,
                    organ=cd["organ"],
                    topic=cd["topic"],
                    source=cd["source"],
                    level=cd["level"],
                    noticed_at=cd["noticed_at"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "舆情已登记，回应时限已计算。")
                return redirect("office_participation:opinion", pk=opinion.pk)
    return render(
        request,
        "participation/staff/form.html",
        {"form": form, "heading": "登记政务舆情"},
        status=status,
    )


@never_cache
@login_required
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.opinion_for_user(request.user, pk)
    items = selectors.items_for_linking(request.user, [found.organ_id])
    form = f.RespondForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                opinion_svc.opinion_respond(
                    actor=request.user,
                    opinion=found,
                    responded_at=cd["responded_at"],
                    item=cd["item"],
                    url=cd["url"],
                    note=cd["note"],
                    press_at=cd["press_at"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "回应已登记。")
                return redirect("office_participation:opinion", pk=found.pk)
    context = {"o": found, "form": form, "now": timezone.now()}
    return render(request, "participation/staff/opinion.html", context, status=status)
