"""Public pages of 公众参与: consultations (the draft, the comment form, the comments shown, the
statistics, the 采纳情况反馈 and the final policy), surveys (answer, then results once closed),
the replies to 建议提案 and the 回应关切 list. Everything works without JS; whatever a citizen
typed is shown as text.

Abuse controls, as in the mailbox (`core/formguard.py`, `core/ratelimit.py`): a honeypot, a
minimum fill time, a per-IP limit (429 with a Chinese page), a one-time token against double
submits; a survey takes one answer per browser (a cookie) and a capped number per address.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core import ratelimit as rl
from gongkai.core.conf import gongkai_settings
from gongkai.core.formguard import seconds_since, started_token
from gongkai.participation import selectors
from gongkai.participation.forms import CommentForm, survey_form_fields
from gongkai.participation.models import Comment, Consultation, ProposalKind
from gongkai.participation.services.consultations import comment_submit
from gongkai.participation.services.surveys import survey_answer

COLUMN = "公众参与"
STARTED_SALT = "gongkai.participation.comment-started"
#: At most 5 comments an hour from one address; 10 survey answers an hour.
COMMENT_PER_IP = rl.Limit("participation-comment-ip", 5, 3600)
SURVEY_PER_IP = rl.Limit("participation-survey-ip", 10, 3600)
VOTER_COOKIE = "gk_voter"
VOTER_MAX_AGE = 365 * 24 * 3600


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    return [("首页", reverse("portal:home")), (COLUMN, reverse("participation:index")), *rows]


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    consultations = list(selectors.public_consultations()[:50])
    context = {
        "open": [c for c in consultations if c.accepts_comments(today)],
        "others": [(c, c.phase(today)) for c in consultations if not c.accepts_comments(today)],
        "surveys": list(selectors.public_surveys()[:20]),
        "today": today,
        "crumbs": _crumbs(),
        "column_name": COLUMN,
    }
    return render(request, "participation/public/index.html", context)


def _consultation_page(
    request: HttpRequest,
    c: Consultation,
    form: CommentForm | None,
    *,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    accepting = c.accepts_comments(today)
    if form is None and accepting:
        initial = {"client_token": uuid.uuid4().hex, "started": started_token(STARTED_SALT)}
        form = CommentForm(initial=initial)
    published = c.feedback_published_at is not None
    context = {
        "c": c,
        "phase": c.phase(today),
        "form": form if accepting else None,
        "alert": alert,
        "comments": list(selectors.shown_comments(c)),
        "stats": selectors.comment_statistics(c),
        "groups": selectors.feedback_groups(c) if published else [],
        "max_chars": gongkai_settings().PARTICIPATION_MAX_COMMENT_CHARS,
        "crumbs": _crumbs(("征求意见", "")),
        "column_name": COLUMN,
    }
    return render(request, "participation/public/consultation.html", context, status=status)


def _refreshed(request: HttpRequest) -> Any:
    data = request.POST.copy()
    data["started"] = started_token(STARTED_SALT)
    data["website"] = ""
    return data


def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.public_consultation(pk)
    if request.method != "POST":
        return _consultation_page(request, c, None)
    if not c.accepts_comments(timezone.localdate()):
        return _consultation_page(
            request, c, None, status=400, alert="该征求意见不在征集期内，不能提交意见。"
        )
    if request.POST.get("website", "").strip():
        # Honeypot filled: a robot. Nothing is stored.
        return _consultation_page(request, c, None, status=400, alert="提交未被接受。")
    token = request.POST.get("client_token", "")
    token = token if re.fullmatch(r"[0-9a-f]{32}", token) else ""
    if token and Comment.objects.filter(client_token=token).exists():
        messages.success(request, "您的意见已提交，审核后将在本页显示。感谢您的参与！")
        return redirect("participation:consultation", pk=c.pk)
    elapsed = seconds_since(request.POST.get("started", ""), STARTED_SALT)
    if elapsed is None or elapsed < gongkai_settings().APPLY_MIN_FILL_SECONDS:
        form = CommentForm(_refreshed(request))
        form.is_valid()
        alert = "提交过快或页面已过期。请核对填写的内容，再点击“提交意见”。"
        return _consultation_page(request, c, form, status=400, alert=alert)
    ip = rl.client_ip(request)
    if not rl.acquire(COMMENT_PER_IP, ip):
        minutes = rl.minutes_left(COMMENT_PER_IP)
        alert = f"同一网络地址提交意见过于频繁，请{minutes}分钟后再试。您填写的内容已保留。"
        return _consultation_page(
            request, c, CommentForm(_refreshed(request)), status=429, alert=alert
        )
    form = CommentForm(_refreshed(request))
    created = False
    try:
        if not form.is_valid():
            return _consultation_page(request, c, form, status=400)
        cd = form.cleaned_data
        try:
            _comment, created = comment_submit(
                consultation=c,
                body=cd["body"],
                name=cd["name"],
                contact=cd["contact"],
                client_token=token,
            )
        except ValidationError as exc:
            for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(name if name in form.fields else None, errors)
            return _consultation_page(request, c, form, status=400)
    finally:
        if not created:
            rl.release(COMMENT_PER_IP, ip)
    messages.success(request, "您的意见已提交，审核后将在本页显示。感谢您的参与！")
    return redirect("participation:consultation", pk=c.pk)


def draft_attachment(request: HttpRequest, pk: int) -> FileResponse:
    c = selectors.public_consultation(pk)
    if not c.attachment:
        raise Http404("没有附件。")
    return FileResponse(
        c.attachment.open("rb"), as_attachment=True, filename=c.attachment_name or "征求意见稿"
    )


def _voter_key(raw: str, survey_id: int) -> str:
    """The browser's token, hashed per survey (answers of two surveys cannot be joined)."""
    return hashlib.sha256(f"{raw}:{survey_id}".encode()).hexdigest() if raw else ""


def survey(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_survey(pk)
    today = timezone.localdate()
    cookie = request.COOKIES.get(VOTER_COOKIE, "")
    cookie = cookie if re.fullmatch(r"[0-9a-f]{32}", cookie) else ""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    alert = ""
    status = 200
    if request.method == "POST" and found.is_open(today):
        values = {k: request.POST.getlist(k) for k in request.POST if k.startswith("q")}
        ip = rl.client_ip(request)
        if not rl.acquire(SURVEY_PER_IP, ip):
            alert = f"同一网络地址提交过于频繁，请{rl.minutes_left(SURVEY_PER_IP)}分钟后再试。"
            status = 429
        else:
            try:
                survey_answer(
                    survey=found, raw=values, voter_key=_voter_key(cookie, found.pk), ip=ip
                )
            except ValidationError as exc:
                rl.release(SURVEY_PER_IP, ip)
                if hasattr(exc, "message_dict"):
                    errors = {k: "；".join(v) for k, v in exc.message_dict.items()}
                    alert = "请修改下列问题后再提交。"
                else:
                    alert = "；".join(exc.messages)
                status = 400
            else:
                messages.success(request, "提交成功，感谢您的参与！调查结束后将公布结果。")
                return redirect("participation:survey", pk=found.pk)
    answered = (
        bool(cookie) and found.responses.filter(voter_key=_voter_key(cookie, found.pk)).exists()
    )
    show_results = selectors.results_public(found)
    total, results = selectors.survey_results(found) if show_results else (0, [])
    context = {
        "survey": found,
        "fields": survey_form_fields(found),
        "values": values,
        "errors": errors,
        "alert": alert,
        "is_open": found.is_open(today),
        "answered": answered,
        "show_results": show_results,
        "total": total,
        "results": results,
        "crumbs": _crumbs(("网上调查", "")),
        "column_name": COLUMN,
    }
    response = render(request, "participation/public/survey.html", context, status=status)
    if not cookie:
        response.set_cookie(
            VOTER_COOKIE,
            secrets.token_hex(16),
            max_age=VOTER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def proposals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", "") or today.year)
    except ValueError:
        year = today.year
    kind = request.GET.get("kind", "")
    context = {
        "proposals": list(selectors.public_proposals(year=year, kind=kind)[:200]),
        "rows": selectors.proposal_statistics(year),
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "kind": kind,
        "kinds": ProposalKind.choices,
        "crumbs": _crumbs(("建议提案办理", "")),
        "column_name": COLUMN,
    }
    return render(request, "participation/public/proposals.html", context)


def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_proposal(pk)
    context = {
        "p": found,
        "full_text": selectors.reply_is_full_text(found),
        "co_organs": list(found.co_organs.all()),
        "crumbs": _crumbs(("建议提案办理", reverse("participation:proposals")), ("复文", "")),
        "column_name": COLUMN,
    }
    return render(request, "participation/public/proposal.html", context)


def responses(request: HttpRequest) -> HttpResponse:
    context = {
        "opinions": list(selectors.public_responses()[:100]),
        "crumbs": _crumbs(("回应关切", "")),
        "column_name": COLUMN,
    }
    return render(request, "participation/public/responses.html", context)
