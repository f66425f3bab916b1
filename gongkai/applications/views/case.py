"""The back-office case page and every action on it (each a small POST form → one service).

A refused action re-renders the page with the typed values kept and the service's Chinese
message: `ValidationError` (dates out of order, second extension …), `InvalidTransition` (the
table forbids it in this state; nothing changes) and `PermissionDenied` (role missing: 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.applications import forms as f
from gongkai.applications import selectors
from gongkai.applications.models import Application, AppStatus, LegalChallenge
from gongkai.applications.outcomes import OUTCOME_BY_KEY
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.casework import (
    application_assign,
    can_view_personal_data,
    note_add,
    personal_data_viewed,
)
from gongkai.applications.services.challenges import challenge_record, challenge_set_result
from gongkai.applications.services.documents import (
    decision_letter_kind,
    default_templates,
    document_generate,
)
from gongkai.applications.services.intake import find_possible_duplicates
from gongkai.applications.services.transfer import application_transfer
from gongkai.applications.transitions import AppEvent, InvalidTransition, allowed_events


def letter_kinds(app: Application) -> list[tuple[str, str]]:
    """Letters that fit the case now: the decision letter once answered, and the notices."""
    titles = {k: v["title"] for k, v in default_templates().items() if isinstance(v, dict)}
    kinds: list[tuple[str, str]] = []
    if app.outcome:
        kind = decision_letter_kind(app)
        kinds.append((kind, titles[kind]))
    if app.correction_requested_on:
        kinds.append(("correction", titles["correction"]))
    if app.extended:
        kinds.append(("extension", titles["extension"]))
    if app.fee_method:
        kinds.append(("fee", titles["fee"]))
    for c in app.consultations.all():
        kinds.append((f"consultation:{c.pk}", f"{titles['consultation']}（{c.party}）"))
    return kinds


def permitted(app: Application, roles: set[str]) -> set[str]:
    handler = bool(roles & wf.HANDLER_ROLES)
    approver = bool(roles & wf.APPROVER_ROLES)
    if not handler and not approver:
        return set()
    events = set(allowed_events(app.status)) if handler else set()
    can = {"note", "assign", "challenge", "document"} if handler else set()
    simple = {
        AppEvent.CONFIRM_RECEIPT: "confirm",
        AppEvent.CORRECTION_RECEIVED: "receive_correction",
        AppEvent.START_CONSULTATION: "consult",
        AppEvent.FEE_PAID: "payment",
        AppEvent.WITHDRAW: "withdraw",
        AppEvent.ARCHIVE: "archive",
    }
    can |= {name for event, name in simple.items() if event in events}
    if AppEvent.REQUEST_CORRECTION in events and app.correction_requested_on is None:
        can.add("request_correction")
    if AppEvent.SEND_FEE_NOTICE in events and not app.fee_method:
        can.add("fee_notice")
    if AppEvent.ANSWER in events:
        can |= {"answer", "transfer"}
    if handler and app.status == AppStatus.CONSULTING:
        can.add("consult_reply")
    if handler and app.status == AppStatus.ANSWERED and not app.delivered_on:
        can.add("deliver")
    if handler and app.challenges.exists():
        can.add("challenge_result")
    if approver and app.is_open:
        can.add("delay")
        if not app.extended and app.status != AppStatus.AWAITING_CONFIRMATION:
            can.add("extend")
    if not letter_kinds(app):
        can.discard("document")
    return can


@dataclass(frozen=True)
class Action:
    make_form: Callable[[Any, Application], Form]
    run: Callable[[Any, Application, dict[str, Any], Any], Any]
    done: str


def _assignees(app: Application) -> list[Any]:
    return selectors.assignable_users([app.organ])


def _day(label: str) -> Callable[[Any, Application], Form]:
    return lambda data, app: f.DayForm(data, label=label)


def _consultation(app: Application, post: Any) -> Any:
    pk = str(post.get("consultation", ""))
    found = app.consultations.filter(pk=int(pk)).first() if pk.isdigit() else None
    if found is None:
        raise ValidationError("请选择要登记意见的征求意见。")
    return found


def _challenge(app: Application, post: Any) -> LegalChallenge:
    pk = str(post.get("challenge", ""))
    found = app.challenges.filter(pk=int(pk)).first() if pk.isdigit() else None
    if found is None:
        raise ValidationError("请选择要登记结果的复议或诉讼。")
    return found


def _document(user: Any, app: Application, cd: dict[str, Any], post: Any) -> Any:
    kind = cd["kind"]
    consultation = None
    if kind.startswith("consultation:"):
        consultation = app.consultations.get(pk=int(kind.split(":", 1)[1]))
        kind = "consultation"
    return document_generate(actor=user, app=app, kind=kind, consultation=consultation)


def _assign(user: Any, app: Application, cd: dict[str, Any], post: Any) -> Any:
    assignee = (
        get_user_model().objects.filter(pk=cd["assignee"]).first() if cd["assignee"] else None
    )
    return application_assign(actor=user, app=app, assignee=assignee)


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        lambda d, a: f.ConfirmForm(d),
        lambda u, a, cd, p: wf.application_confirm_receipt(
            actor=u, app=a, confirmed_on=cd["confirmed_on"]
        ),
        "已确认收到申请，答复期限开始计算。",
    ),
    "request_correction": Action(
        lambda d, a: f.CorrectionRequestForm(d),
        lambda u, a, cd, p: wf.application_request_correction(
            actor=u, app=a, on=cd["on"], items=cd["items"], deadline=cd["deadline"]
        ),
        "已登记补正告知。请生成补正告知书送达申请人。",
    ),
    "receive_correction": Action(
        lambda d, a: f.ReceiveCorrectionForm(d),
        lambda u, a, cd, p: wf.application_receive_correction(
            actor=u, app=a, on=cd["on"], text=cd["text"]
        ),
        "已登记收到补正，答复期限自收到补正之日起重新计算。",
    ),
    "consult": Action(
        lambda d, a: f.ConsultForm(d),
        lambda u, a, cd, p: wf.application_start_consultation(
            actor=u, app=a, kind=cd["kind"], party=cd["party"], sent_on=cd["sent_on"]
        ),
        "已登记征求意见，征求意见期间不计入答复期限。",
    ),
    "consult_reply": Action(
        lambda d, a: f.ConsultReplyForm(d),
        lambda u, a, cd, p: wf.application_record_consultation_reply(
            actor=u,
            consultation=_consultation(a, p),
            replied_on=cd["replied_on"],
            opinion=cd["opinion"],
            agrees=cd["agrees"],
        ),
        "已登记征求意见的答复。",
    ),
    "extend": Action(
        lambda d, a: f.ExtendForm(d),
        lambda u, a, cd, p: wf.application_extend(
            actor=u, app=a, days=cd["days"], reason=cd["reason"]
        ),
        "已延长答复期限。请生成延期告知书告知申请人（第三十三条）。",
    ),
    "delay": Action(
        lambda d, a: f.DelayForm(d),
        lambda u, a, cd, p: wf.application_set_delayed_due(
            actor=u, app=a, due=cd["due"], reason=cd["reason"]
        ),
        "已确定延迟答复日期。",
    ),
    "fee_notice": Action(
        lambda d, a: f.FeeNoticeForm(d),
        lambda u, a, cd, p: wf.application_send_fee_notice(
            actor=u, app=a, method=cd["method"], units=cd["units"], on=cd["on"]
        ),
        "已登记收费通知。请生成收费通知书送达申请人。",
    ),
    "payment": Action(
        _day("缴费日期"),
        lambda u, a, cd, p: wf.application_record_payment(actor=u, app=a, on=cd["on"]),
        "已登记缴费。",
    ),
    "answer": Action(
        lambda d, a: f.AnswerForm(d),
        lambda u, a, cd, p: wf.application_answer(
            actor=u, app=a, outcome=cd["outcome"], on=cd["on"], reason=cd["reason"]
        ),
        "已记录答复。请生成答复告知书并登记送达。",
    ),
    "transfer": Action(
        lambda d, a: f.TransferForm(d, targets=selectors.transfer_targets(a)),
        lambda u, a, cd, p: application_transfer(
            actor=u, app=a, target=cd["target"], on=cd["on"], reason=cd["reason"]
        ),
        "已答复“本机关不掌握”，并已转至负责机关登记。",
    ),
    "deliver": Action(
        _day("送达日期"),
        lambda u, a, cd, p: wf.application_record_delivery(actor=u, app=a, on=cd["on"]),
        "已登记送达。",
    ),
    "withdraw": Action(
        lambda d, a: f.StaffWithdrawForm(d),
        lambda u, a, cd, p: wf.application_withdraw(
            actor=u, app=a, on=cd["on"], reason=cd["reason"]
        ),
        "已登记申请人撤回申请。",
    ),
    "archive": Action(
        _day("归档日期"),
        lambda u, a, cd, p: wf.application_archive(actor=u, app=a, on=cd["on"]),
        "已归档（第四十五条）。",
    ),
    "note": Action(
        lambda d, a: f.NoteForm(d),
        lambda u, a, cd, p: note_add(actor=u, app=a, text=cd["text"]),
        "已添加备注。",
    ),
    "assign": Action(
        lambda d, a: f.AssignForm(d, users=_assignees(a)),
        _assign,
        "已更新承办人。",
    ),
    "document": Action(
        lambda d, a: f.DocumentForm(d, kinds=letter_kinds(a)),
        _document,
        "文书已生成，可在“办理文书”中下载。",
    ),
    "challenge": Action(
        lambda d, a: f.ChallengeForm(d),
        lambda u, a, cd, p: challenge_record(
            actor=u,
            app=a,
            kind=cd["kind"],
            filed_on=cd["filed_on"],
            body=cd["body"],
            note=cd["note"],
        ),
        "已登记行政复议或诉讼。",
    ),
    "challenge_result": Action(
        lambda d, a: f.ChallengeResultForm(d),
        lambda u, a, cd, p: challenge_set_result(
            actor=u,
            challenge=_challenge(a, p),
            result=cd["result"],
            decided_on=cd["decided_on"],
            note=cd["note"],
        ),
        "已登记复议或诉讼结果。",
    ),
}


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
    can = permitted(app, roles)
    reveal = request.GET.get("reveal") == "1" and can_view_personal_data(request.user, app)
    if reveal:
        personal_data_viewed(actor=request.user, app=app, fields=["id_number", "phone"])
    action_forms = {name: action.make_form(None, app) for name, action in ACTIONS.items()}
    action_forms.update(bound or {})
    for name, form in action_forms.items():
        form.auto_id = f"{name}-%s"  # many forms on one page: keep label/id pairs unique
    # A refused form the new state no longer offers: show what was typed, so nothing is lost.
    kept = [
        (field.label, field.value())
        for name, form in (bound or {}).items()
        if name not in can
        for field in form
        if field.value() not in (None, "") and not field.is_hidden
    ]
    context = {
        "app": app,
        "can": can,
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
    }
    return render(request, "applications/staff/case.html", context, status=status)


@login_required
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    app, roles = selectors.case_for_user(request.user, pk)
    return render_case(request, app, roles)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app, roles = selectors.case_for_user(request.user, pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404("没有这个办理操作。")
    form = action.make_form(request.POST, app)
    if not form.is_valid():
        return render_case(
            request, app, roles, bound={name: form}, alert="请修改下列问题后再提交。", status=400
        )
    try:
        action.run(request.user, app, form.cleaned_data, request.POST)
    except PermissionDenied as exc:
        message = str(exc) or "您没有执行此操作的权限。"
        return render_case(request, app, roles, bound={name: form}, alert=message, status=403)
    except InvalidTransition as exc:
        return render_case(request, app, roles, bound={name: form}, alert=str(exc), status=409)
    except ValidationError as exc:
        message = "；".join(exc.messages)
        return render_case(request, app, roles, bound={name: form}, alert=message, status=400)
    messages.success(request, action.done)
    return redirect("office_apps:case", pk=app.pk)
