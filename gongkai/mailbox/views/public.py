"""Public pages of 互动交流: the mailbox index with published letters, each published letter, the
write form (rules shown first), the 查询码 lookup with the reply and the rating, and the monthly
statistics with their XLSX export. Everything works without JS.

Abuse controls, as on the application form (`core/formguard.py`, `core/ratelimit.py`): a
honeypot, a minimum fill time, a per-IP limit (429 with a Chinese page) and a per-writer limit,
a one-time token against double submits; the lookup is limited on failures per IP and per code
and answers the same way whether a code is unknown or the tail wrong.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core import ratelimit as rl
from gongkai.core.conf import gongkai_settings
from gongkai.core.formguard import seconds_since, started_token
from gongkai.core.fsm import InvalidTransition
from gongkai.mailbox import deadlines, selectors, statistics
from gongkai.mailbox.exports import statistics_xlsx
from gongkai.mailbox.forms import IndexFilter, LookupForm, RateForm, StatisticsFilter, WriteForm
from gongkai.mailbox.models import Channel, Letter, Status
from gongkai.mailbox.services.intake import letter_receive
from gongkai.mailbox.services.workflow import letter_rate
from gongkai.orgs.models import Organ

SESSION_LETTER = "mailbox_letter_id"  # the letter unlocked with 查询码 + 尾号
SESSION_DONE = "mailbox_done_id"  # the letter just written (confirmation page)
STARTED_SALT = "gongkai.mailbox.form-started"
COLUMN = "互动交流"
#: At most 5 letters an hour from one address, 3 a day from one writer (phone or ID number).
WRITE_PER_IP = rl.Limit("mailbox-write-ip", 5, 3600)
PER_WRITER_PER_DAY = 3
#: 查询码 lookup: 5 wrong attempts per address per 15 minutes; 10 per code an hour.
LOOKUP_FAILURES_PER_IP = rl.Limit("mailbox-lookup-ip", 5, 900)
LOOKUP_FAILURES_PER_CODE = rl.Limit("mailbox-lookup-code", 10, 3600)
PAGE_SIZE = 20


def _crumbs(*rows: tuple[str, str]) -> list[tuple[str, str]]:
    return [("首页", reverse("portal:home")), (COLUMN, reverse("mailbox:index")), *rows]


def _organs_with_letters() -> Any:
    return Organ.objects.filter(letters__published=True).distinct().order_by("tree_key")


def index(request: HttpRequest) -> HttpResponse:
    """The mailboxes to write to, and the published letters (search, type, organ, month)."""
    filters = IndexFilter(request.GET or None, organs=_organs_with_letters())
    letters = selectors.published_letters()
    if filters.is_valid():
        cd = filters.cleaned_data
        letters = selectors.published_letters(
            q=cd["q"].strip(),
            letter_type=cd["letter_type"],
            organ=cd["organ"],
            month=cd["month"] or "",
        )
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    total = letters.count()
    shown = list(letters[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    context = {
        "filters": filters,
        "letters": shown,
        "total": total,
        "page": page,
        "has_next": page * PAGE_SIZE < total,
        "channels": list(selectors.open_channels()),
        "crumbs": _crumbs(),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/index.html", context)


def letter_page(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.published_letter(pk)
    context = {
        "letter": letter,
        "crumbs": _crumbs(("留言详情", "")),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/letter.html", context)


def _write_page(
    request: HttpRequest, channel: Channel, form: WriteForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    conf = gongkai_settings()
    context = {
        "channel": channel,
        "form": form,
        "alert": alert,
        "periods": [
            (label, conf.MAILBOX_REPLY_WORKING_DAYS.get(value, 0))
            for value, label in channel.type_choices
        ],
        "rating_days": conf.MAILBOX_RATING_WORKING_DAYS,
        "crumbs": _crumbs((f"{channel.organ.display_name}{channel.name}", "")),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/write.html", context, status=status)


def _refreshed(request: HttpRequest) -> Any:
    data = request.POST.copy()
    data["started"] = started_token(STARTED_SALT)
    data["website"] = ""
    return data


def write(request: HttpRequest, channel_pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel.objects.select_related("organ"), pk=channel_pk, active=True)
    if request.method != "POST":
        initial = {"client_token": uuid.uuid4().hex, "started": started_token(STARTED_SALT)}
        return _write_page(request, channel, WriteForm(initial=initial, channel=channel))
    if request.POST.get("website", "").strip():
        # Honeypot filled: a robot. Nothing is stored; the page says so without detail.
        return render(request, "mailbox/public/rejected.html", {"column_name": COLUMN}, status=400)
    token = request.POST.get("client_token", "")
    token = token if re.fullmatch(r"[0-9a-f]{32}", token) else ""
    if token:
        existing = Letter.objects.filter(client_token=token).first()
        if existing is not None:  # the same form sent twice: show the first result
            request.session[SESSION_DONE] = existing.pk
            return redirect("mailbox:done")
    elapsed = seconds_since(request.POST.get("started", ""), STARTED_SALT)
    if elapsed is None or elapsed < gongkai_settings().APPLY_MIN_FILL_SECONDS:
        form = WriteForm(_refreshed(request), request.FILES, channel=channel)
        form.is_valid()
        alert = "提交过快或页面已过期。请核对填写的内容，再点击“提交留言”。"
        return _write_page(request, channel, form, status=400, alert=alert)
    ip = rl.client_ip(request)
    if not rl.acquire(WRITE_PER_IP, ip):
        form = WriteForm(_refreshed(request), channel=channel)
        minutes = rl.minutes_left(WRITE_PER_IP)
        alert = f"同一网络地址提交留言过于频繁，请{minutes}分钟后再试。您填写的内容已保留。"
        return _write_page(request, channel, form, status=429, alert=alert)
    written = False
    try:
        response, written = _register(request, channel, token)
    finally:
        if not written:
            rl.release(WRITE_PER_IP, ip)
    return response


def _register(request: HttpRequest, channel: Channel, token: str) -> tuple[HttpResponse, bool]:
    form = WriteForm(_refreshed(request), request.FILES, channel=channel)
    if not form.is_valid():
        return _write_page(request, channel, form, status=400), False
    data = form.letter_input()
    if selectors.recent_by_writer(phone=data.phone, id_number=data.id_number) >= PER_WRITER_PER_DAY:
        alert = (
            f"同一留言人24小时内最多提交{PER_WRITER_PER_DAY}件留言，请明天再提交，"
            "或拨打政务服务热线。您填写的内容已保留。"
        )
        return _write_page(request, channel, form, status=429, alert=alert), False
    files = [(f.name, f) for f in form.cleaned_data.get("attachments") or []]
    try:
        result = letter_receive(channel=channel, data=data, attachments=files, client_token=token)
    except ValidationError as exc:
        for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            form.add_error(name if name in form.fields else None, errors)
        return _write_page(request, channel, form, status=400), False
    request.session[SESSION_DONE] = result.letter.pk
    return redirect("mailbox:done"), result.created


@never_cache  # personal data: never kept by a browser or proxy
def done(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_DONE)
    letter = (
        Letter.objects.select_related("organ", "channel").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if letter is None:
        return redirect("mailbox:lookup")
    context = {"letter": letter, "crumbs": _crumbs(("提交成功", "")), "column_name": COLUMN}
    return render(request, "mailbox/public/done.html", context)


def _lookup_page(
    request: HttpRequest, form: LookupForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "alert": alert,
        "crumbs": _crumbs(("留言查询", "")),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/lookup.html", context, status=status)


def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _lookup_page(request, LookupForm())
    ip = rl.client_ip(request)
    form = LookupForm(request.POST)
    if not rl.acquire(LOOKUP_FAILURES_PER_IP, ip):
        minutes = rl.minutes_left(LOOKUP_FAILURES_PER_IP)
        alert = f"查询失败次数过多，为保护留言人信息，请{minutes}分钟后再试。"
        return _lookup_page(request, LookupForm(), status=429, alert=alert)
    if not form.is_valid():
        rl.release(LOOKUP_FAILURES_PER_IP, ip)  # a typo in the form is no guess
        return _lookup_page(request, form, status=400)
    code, tail = form.cleaned_data["code"], form.cleaned_data["tail"]
    if not rl.acquire(LOOKUP_FAILURES_PER_CODE, code):
        rl.release(LOOKUP_FAILURES_PER_IP, ip)
        alert = "该查询码的查询失败次数过多，请1小时后再试。"
        return _lookup_page(request, LookupForm(), status=429, alert=alert)
    letter = selectors.letter_by_code(code, tail)
    if letter is None:
        alert = "查询码或号码后四位不正确，请核对后重试。"
        return _lookup_page(request, form, status=400, alert=alert)
    rl.release(LOOKUP_FAILURES_PER_IP, ip)
    rl.release(LOOKUP_FAILURES_PER_CODE, code)
    request.session.cycle_key()
    request.session[SESSION_LETTER] = letter.pk
    return redirect("mailbox:mine")


def _session_letter(request: HttpRequest) -> Letter | None:
    pk = request.session.get(SESSION_LETTER)
    if not isinstance(pk, int):
        return None
    return (
        Letter.objects.select_related("organ", "channel__organ", "reply_organ")
        .filter(pk=pk)
        .first()
    )


def _mine_page(
    request: HttpRequest, letter: Letter, *, form: RateForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "letter": letter,
        "timeline": selectors.public_timeline(letter),
        "attachments": list(letter.attachments.all()),
        "rate_form": form or RateForm(),
        "can_rate": letter.status == Status.ANSWERED,
        "veto": deadlines.veto_date(letter.submitted_on),
        "crumbs": _crumbs(("我的留言", "")),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/mine.html", context, status=status)


@never_cache  # personal data: never kept by a browser or proxy
def mine(request: HttpRequest) -> HttpResponse:
    letter = _session_letter(request)
    if letter is None:
        messages.info(request, "请输入查询码和号码后四位查询留言。")
        return redirect("mailbox:lookup")
    return _mine_page(request, letter)


@never_cache
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    letter = _session_letter(request)
    if letter is None:
        return redirect("mailbox:lookup")
    form = RateForm(request.POST)
    if not form.is_valid():
        return _mine_page(request, letter, form=form, status=400)
    try:
        letter_rate(
            letter=letter,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        )
    except (ValidationError, InvalidTransition) as exc:
        message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        form.add_error(None, message)
        return _mine_page(request, letter, form=form, status=400)
    messages.success(request, "感谢您的评价。")
    return redirect("mailbox:mine")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_LETTER, None)
    request.session.pop(SESSION_DONE, None)
    messages.info(request, "已退出查询。")
    return redirect("mailbox:lookup")


def _statistics_query(request: HttpRequest) -> tuple[StatisticsFilter, Organ | None, int, int]:
    roots = Organ.objects.filter(mail_channels__isnull=False).distinct().order_by("tree_key")
    form = StatisticsFilter(request.GET or None, organs=roots)
    today = timezone.localdate()
    year, month = today.year, today.month
    organ = roots.filter(parent__isnull=True).first() or roots.first()
    if form.is_valid():
        organ = form.cleaned_data["organ"] or organ
        parsed = statistics.parse_month(form.cleaned_data["month"] or "")
        if parsed:
            year, month = parsed
    if not form.is_bound:  # the page says what it shows
        initial = {"organ": organ, "month": f"{year}-{month:02d}"}
        form = StatisticsFilter(initial=initial, organs=roots)
    return form, organ, year, month


def statistics_page(request: HttpRequest) -> HttpResponse:
    form, organ, year, month = _statistics_query(request)
    rows, total = statistics.month_statistics(organ, year, month) if organ else ([], None)
    context = {
        "form": form,
        "organ": organ,
        "year": year,
        "month": month,
        "rows": rows,
        "total": total,
        "export_query": request.GET.urlencode(),
        "crumbs": _crumbs(("留言办理统计", "")),
        "column_name": COLUMN,
    }
    return render(request, "mailbox/public/statistics.html", context)


def statistics_export(request: HttpRequest) -> HttpResponse:
    _form, organ, year, month = _statistics_query(request)
    if organ is None:
        return redirect("mailbox:statistics")
    rows, total = statistics.month_statistics(organ, year, month)
    title = f"{organ.name}{year}年{month}月留言办理统计"
    body = statistics_xlsx(title=title, rows=rows, total=total)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"mailbox-statistics-{year}-{month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
