"""Public side of 依申请公开: apply online, follow the case with 查询码 + 尾号, 补正, withdraw.

Everything works without JS. Abuse controls, no third-party captcha: a honeypot field, a minimum
fill time (a signed start time in the form), per-IP and per-applicant limits, and a one-time
`client_token` so that a double-submitted form creates one application. The status lookup is
rate limited on failures and answers the same way whether a code is unknown or the tail wrong.
"""

from __future__ import annotations

import re
import uuid
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import lookup, selectors
from gongkai.applications import ratelimit as rl
from gongkai.applications.forms import (
    PublicApplicationForm,
    PublicCorrectionForm,
    PublicWithdrawForm,
    StatusLookupForm,
)
from gongkai.applications.models import Application, ApplicationDocument, AppStatus, Channel
from gongkai.applications.notifications import notify_registered
from gongkai.applications.services.intake import application_register
from gongkai.applications.services.workflow import (
    application_receive_correction,
    application_withdraw,
)
from gongkai.applications.transitions import AppEvent, InvalidTransition, allowed_events
from gongkai.core.conf import gongkai_settings
from gongkai.core.formguard import seconds_since, started_token

SESSION_CASE = "apply_case_id"  # the case the visitor unlocked with 查询码 + 尾号
SESSION_DONE = "apply_done_id"  # the application just submitted (confirmation page)
STARTED_SALT = "gongkai.applications.form-started"
#: Applications from one applicant (phone / ID) accepted online per 24 hours.
PER_APPLICANT_PER_DAY = 5


def min_fill_seconds() -> int:
    return gongkai_settings().APPLY_MIN_FILL_SECONDS


def _started_token() -> str:
    return started_token(STARTED_SALT)


def _seconds_since(token: str) -> float | None:
    return seconds_since(token, STARTED_SALT)


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    from django.urls import reverse

    return [("首页", reverse("portal:home")), ("依申请公开", reverse("apply:index")), *rows]


def index(request: HttpRequest) -> HttpResponse:
    """Choose the organ to apply to (Art. 27: governments and their departments)."""
    organs = list(selectors.accepting_organs())
    chosen = request.GET.get("organ", "")
    if chosen.isdigit() and any(o.pk == int(chosen) for o in organs):
        return redirect("apply:form", organ_pk=int(chosen))
    return render(
        request,
        "applications/public/index.html",
        {"organs": organs, "crumbs": _crumbs(("选择受理机关", "")), "column_name": "依申请公开"},
    )


def _form_page(
    request: HttpRequest,
    organ: Any,
    form: PublicApplicationForm,
    *,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    context = {
        "organ": organ,
        "form": form,
        "alert": alert,
        "crumbs": _crumbs((organ.name, "")),
        "column_name": "依申请公开",
    }
    return render(request, "applications/public/form.html", context, status=status)


def _refresh_started(request: HttpRequest) -> Any:
    data = request.POST.copy()
    data["started"] = _started_token()
    data["website"] = ""
    return data


def _remember(request: HttpRequest, app: Application) -> None:
    request.session[SESSION_DONE] = app.pk
    request.session[SESSION_CASE] = app.pk


def apply_form(request: HttpRequest, organ_pk: int) -> HttpResponse:
    organ = get_object_or_404(selectors.accepting_organs(), pk=organ_pk)
    if request.method != "POST":
        initial = {"client_token": uuid.uuid4().hex, "started": _started_token()}
        return _form_page(request, organ, PublicApplicationForm(initial=initial))

    if request.POST.get("website", "").strip():
        # Honeypot filled: a robot. Nothing is stored; the page says so without detail.
        return render(request, "applications/public/rejected.html", status=400)

    token = request.POST.get("client_token", "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        token = ""
    if token:
        existing = Application.objects.filter(client_token=token).first()
        if existing is not None:  # the same form sent twice: show the first result
            _remember(request, existing)
            return redirect("apply:done")

    elapsed = _seconds_since(request.POST.get("started", ""))
    if elapsed is None or elapsed < min_fill_seconds():
        form = PublicApplicationForm(_refresh_started(request))
        form.is_valid()
        return _form_page(
            request,
            organ,
            form,
            status=400,
            alert="提交过快或页面已过期。请核对填写的内容，再点击“提交申请”。",
        )

    ip = rl.client_ip(request)
    # A slot is taken before the work and given back unless an application was registered:
    # concurrent submissions never all see the last free slot (issue 16).
    if not rl.acquire(rl.SUBMIT_PER_IP, ip):
        form = PublicApplicationForm(_refresh_started(request))
        return _form_page(
            request,
            organ,
            form,
            status=429,
            alert=f"同一网络地址提交申请过于频繁，请{rl.minutes_left(rl.SUBMIT_PER_IP)}分钟后再试。"
            "您填写的内容已保留。",
        )
    registered = False
    try:
        response, registered = _register(request, organ, token)
    finally:
        if not registered:
            rl.release(rl.SUBMIT_PER_IP, ip)
    return response


def _register(request: HttpRequest, organ: Any, token: str) -> tuple[HttpResponse, bool]:
    """Validate and register the online application: (response, whether one was created)."""
    form = PublicApplicationForm(_refresh_started(request))
    if not form.is_valid():
        return _form_page(request, organ, form, status=400), False
    data = form.application_data()
    if selectors.recent_by_applicant(data) >= PER_APPLICANT_PER_DAY:
        page = _form_page(
            request,
            organ,
            form,
            status=429,
            alert=f"同一申请人24小时内在线提交的申请已达{PER_APPLICANT_PER_DAY}件，请明天再提交，"
            "或通过当面、信函等方式提出申请。您填写的内容已保留。",
        )
        return page, False
    try:
        result = application_register(
            actor=None,
            organ=organ,
            channel=Channel.ONLINE,
            submitted_on=timezone.localdate(),
            data=data,
            client_token=token,
        )
    except ValidationError as exc:
        for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            form.add_error(name if name in form.fields else None, errors)
        return _form_page(request, organ, form, status=400), False
    if result.created:
        transaction.on_commit(partial(notify_registered, result.application.pk))
    _remember(request, result.application)
    return redirect("apply:done"), result.created


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
def done(request: HttpRequest) -> HttpResponse:
    app_id = request.session.get(SESSION_DONE)
    app = (
        Application.objects.select_related("organ").filter(pk=app_id).first()
        if isinstance(app_id, int)
        else None
    )
    if app is None:
        return redirect("apply:status")
    context = {"app": app, "crumbs": _crumbs(("提交成功", "")), "column_name": "依申请公开"}
    return render(request, "applications/public/done.html", context)


def _lookup_page(
    request: HttpRequest, form: StatusLookupForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "alert": alert,
        "crumbs": _crumbs(("查询办理进度", "")),
        "column_name": "依申请公开",
    }
    return render(request, "applications/public/lookup.html", context, status=status)


def status_lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _lookup_page(request, StatusLookupForm())
    # One lookup for this page and the open API: the same limits, the same answer whether a
    # code is unknown or the tail is wrong (`applications/lookup.py`).
    result = lookup.status_lookup(ip=rl.client_ip(request), data=request.POST)
    if result.application is None:
        form = result.form or StatusLookupForm()
        alert = result.message if result.status == 429 or form.is_valid() else ""
        return _lookup_page(request, form, status=result.status, alert=alert)
    request.session.cycle_key()
    request.session[SESSION_CASE] = result.application.pk
    return redirect("apply:case")


def _session_case(request: HttpRequest) -> Application | None:
    pk = request.session.get(SESSION_CASE)
    if pk is None:
        return None
    return (
        Application.objects.select_related("organ", "transferred_to__organ").filter(pk=pk).first()
    )


def _case_page(
    request: HttpRequest,
    app: Application,
    *,
    correction_form: PublicCorrectionForm | None = None,
    withdraw_form: PublicWithdrawForm | None = None,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    events = allowed_events(app.status)
    context = {
        "app": app,
        "timeline": selectors.public_timeline(app),
        "documents": list(app.documents.filter(public=True)),
        "can_correct": AppEvent.CORRECTION_RECEIVED in events,
        "can_withdraw": AppEvent.WITHDRAW in events,
        "show_due": app.status in selectors.RUNNING_STATES and app.due_date,
        "correction_form": correction_form or PublicCorrectionForm(),
        "withdraw_form": withdraw_form or PublicWithdrawForm(),
        "alert": alert,
        "crumbs": _crumbs(("办理进度", "")),
        "column_name": "依申请公开",
        "statuses": AppStatus,
    }
    return render(request, "applications/public/status.html", context, status=status)


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
def case(request: HttpRequest) -> HttpResponse:
    app = _session_case(request)
    if app is None:
        messages.info(request, "请输入查询码和号码后四位查询办理进度。")
        return redirect("apply:status")
    return _case_page(request, app)


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@require_POST
def correct(request: HttpRequest) -> HttpResponse:
    """Art. 30: the applicant answers the 补正 notice online; the answer period restarts."""
    app = _session_case(request)
    if app is None:
        return redirect("apply:status")
    form = PublicCorrectionForm(request.POST)
    if not form.is_valid():
        return _case_page(request, app, correction_form=form, status=400)
    try:
        application_receive_correction(
            actor=None, app=app, on=timezone.localdate(), text=form.cleaned_data["text"]
        )
    except (ValidationError, InvalidTransition) as exc:
        message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _case_page(request, app, correction_form=form, status=400, alert=message)
    messages.success(request, "补正内容已提交，答复期限自今日起重新计算。")
    return redirect("apply:case")


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    app = _session_case(request)
    if app is None:
        return redirect("apply:status")
    form = PublicWithdrawForm(request.POST)
    if not form.is_valid():
        return _case_page(request, app, withdraw_form=form, status=400)
    try:
        application_withdraw(
            actor=None, app=app, on=timezone.localdate(), reason=form.cleaned_data["reason"]
        )
    except (ValidationError, InvalidTransition) as exc:
        message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _case_page(request, app, withdraw_form=form, status=400, alert=message)
    messages.success(request, "申请已撤回。")
    return redirect("apply:case")


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
def document(request: HttpRequest, doc_pk: int) -> FileResponse | HttpResponse:
    app = _session_case(request)
    if app is None:
        return redirect("apply:status")
    doc = get_object_or_404(ApplicationDocument, pk=doc_pk, application=app, public=True)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=f"{doc.number}-{doc.title}.docx"
    )


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_CASE, None)
    request.session.pop(SESSION_DONE, None)
    messages.info(request, "已退出查询。")
    return redirect("apply:status")


def frequent(request: HttpRequest) -> HttpResponse:
    """Frequently requested information (Art. 44), grouped by similar description."""
    groups = selectors.frequent_requests()[:100]
    context = {
        "groups": groups,
        "crumbs": _crumbs(("申请较多的信息", "")),
        "column_name": "依申请公开",
    }
    return render(request, "applications/public/frequent.html", context)


def _receipt_due(app: Application) -> tuple[Any, bool, bool]:
    """(答复期限, provisional, assumed): the stored due date once receipt is known; before the
    organ confirms an online application (Art. 31(三)), the date that follows from a
    confirmation on the day it was submitted, said as such on the receipt."""
    from gongkai.applications import deadlines as rules

    if app.due_date is not None:
        return app.due_date, app.due_provisional, False
    if app.receipt_date is not None or app.status != AppStatus.AWAITING_CONFIRMATION:
        return None, False, False
    result = rules.compute_deadlines(
        rules.DeadlineInput(received=app.submitted_on, channel=rules.Channel(app.channel))
    )
    return result.answer_due, result.provisional, True


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """回执: a printable (A4) record of the application for the applicant, linked from the
    confirmation and status pages: 编号, 查询码, dates and the Art. 33 answer period. Only the
    application this browser just submitted or unlocked with 查询码 + 尾号 is shown; personal
    data beyond the name is left off (the paper may be lost)."""
    if pk not in (request.session.get(SESSION_DONE), request.session.get(SESSION_CASE)):
        messages.info(request, "请输入查询码和号码后四位查询办理进度，再打印回执。")
        return redirect("apply:status")
    app = get_object_or_404(Application.objects.select_related("organ"), pk=pk)
    due, provisional, assumed = _receipt_due(app)
    context = {
        "app": app,
        "due": due,
        "due_provisional": provisional,
        "due_assumed": assumed,
        "status_url": request.build_absolute_uri(reverse("apply:status")),
        "printed_on": timezone.localdate(),
        "column_name": "依申请公开",
    }
    return render(request, "applications/public/receipt.html", context)
