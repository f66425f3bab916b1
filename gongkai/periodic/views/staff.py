"""Back office of the periodic disclosure (/office/periodic/): schedules per organ (from a
template or by hand), the calendar of what is due and overdue, trigger dates, linking a published
item, uploading and publishing datasets. Login required in every view; every write goes through a
service, which checks the roles again. A refused write comes back with its Chinese message,
nothing written; `PermissionDenied` is a 403.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Column, Item
from gongkai.core.staff_views import attempt, form_errors, validation_message
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import role_map, roles_for
from gongkai.periodic import forms, selectors
from gongkai.periodic.models import Dataset, DatasetStatus, DueBasis, Frequency, Schedule
from gongkai.periodic.presets import templates
from gongkai.periodic.rules import schema_from_data, schema_text
from gongkai.periodic.services import datasets, schedules
from gongkai.periodic.services.schedules import ScheduleFields
from gongkai.periodic.transitions import KEEPERS, PUBLISHERS


def _organs_where(user: Any, roles: frozenset[str] | set[str]) -> list[Organ]:
    if getattr(user, "is_superuser", False):
        return list(Organ.objects.order_by("tree_key"))
    ids = [pk for pk, held in role_map(user).items() if held & set(roles)]
    found = Organ.objects.filter(pk__in=ids)
    if Role.ORGAN_ADMIN in roles:  # a 公开办 covers its subtree
        admin = [o for o in found if Role.ORGAN_ADMIN in role_map(user).get(o.pk, set())]
        for organ in admin:
            found = found | Organ.objects.filter(path__startswith=organ.path)
    return list(found.distinct().order_by("tree_key"))


def _visible(user: Any, organ: Organ) -> set[str]:
    roles = roles_for(user, organ)
    if not roles:
        raise Http404("没有找到该记录。")
    return roles


def _today(request: HttpRequest) -> date:
    return timezone.localdate()


# ---- index and schedules ---------------------------------------------------------------------


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    organs = list(selectors.staff_organs(request.user))
    if not organs:
        raise PermissionDenied("您没有查看重点领域定期公开的权限。")
    admin_organs = _organs_where(request.user, {Role.ORGAN_ADMIN})
    choices = [(code, t.title) for code, t in templates().items()]
    context = {
        "schedules": selectors.staff_schedules(organs),
        "datasets": selectors.staff_datasets(organs)[:30],
        "admin_organs": admin_organs,
        "template_form": forms.TemplateForm(
            choices=choices, initial={"starts_on": _today(request)}
        ),
        "templates": templates().values(),
    }
    return render(request, "periodic/staff/index.html", context)


def _organ_of(request: HttpRequest, organs: list[Organ]) -> Organ:
    raw = request.POST.get("organ") or request.GET.get("organ") or ""
    organ = next((o for o in organs if str(o.pk) == raw), None)
    if organ is None and len(organs) == 1:
        organ = organs[0]
    if organ is None:
        raise ValidationError("请选择机关。")
    return organ


@never_cache
@login_required
@require_POST
def from_template(request: HttpRequest) -> HttpResponse:
    organs = _organs_where(request.user, {Role.ORGAN_ADMIN})
    if not organs:
        raise PermissionDenied(schedules.NOT_ADMIN)
    choices = [(code, t.title) for code, t in templates().items()]
    form = forms.TemplateForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("office_periodic:index")
    created: list[Schedule] = []

    def write() -> None:
        organ = _organ_of(request, organs)
        created.append(
            schedules.schedule_from_template(
                actor=request.user,
                organ=organ,
                code=form.cleaned_data["template"],
                starts_on=form.cleaned_data["starts_on"],
            )
        )

    if attempt(request, write, "已按模板新建定期公开事项。"):
        return redirect(created[0].get_absolute_url())
    return redirect("office_periodic:index")


@never_cache
@login_required
def schedule_new(request: HttpRequest) -> HttpResponse:
    organs = _organs_where(request.user, {Role.ORGAN_ADMIN})
    if not organs:
        raise PermissionDenied(schedules.NOT_ADMIN)
    organ = next((o for o in organs if str(o.pk) == request.GET.get("organ", "")), organs[0])
    if request.method == "POST":
        try:
            organ = _organ_of(request, organs)
        except ValidationError as exc:
            messages.error(request, validation_message(exc))
    columns = [(c.pk, c.name) for c in Column.objects.filter(organ=organ, is_active=True)]
    form = forms.ScheduleForm(
        request.POST or None, columns=columns, initial={"starts_on": _today(request)}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            created: list[Schedule] = []
            fields = ScheduleFields(
                title=data["title"],
                column=Column.objects.get(pk=data["column"]),
                frequency=data["frequency"],
                due_days=data["due_days"],
                due_basis=data["due_basis"],
                day_kind=data["day_kind"],
                trigger_label=data["trigger_label"],
                basis=data["basis"],
                schema=tuple(data["schema"]),
            )
            if attempt(
                request,
                lambda: created.append(
                    schedules.schedule_create(
                        actor=request.user, organ=organ, fields=fields, starts_on=data["starts_on"]
                    )
                ),
                "已新建定期公开事项。",
            ):
                return redirect(created[0].get_absolute_url())
        else:
            messages.error(request, form_errors(form))
        status = 400
    context = {"form": form, "organ": organ, "organs": organs}
    return render(request, "periodic/staff/schedule_new.html", context, status=status)


@never_cache
@login_required
def schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(Schedule.objects.select_related("organ", "column"), pk=pk)
    roles = _visible(request.user, schedule.organ)
    today = _today(request)
    rows = selectors.schedule_rows(
        schedule, start=today - timedelta(days=400), end=today + timedelta(days=120), today=today
    )
    selectors.attach_datasets(rows)
    context = {
        "schedule": schedule,
        "rows": list(reversed(rows)),
        "schema_text": schema_text(schema_from_data(schedule.schema)),
        "may_keep": bool(roles & KEEPERS),
        "may_admin": Role.ORGAN_ADMIN in roles,
        "uses_trigger": schedule.due_basis == DueBasis.TRIGGER,
        "is_event": schedule.frequency == Frequency.EVENT,
        "trigger_form": forms.TriggerForm(),
        "link_form": forms.LinkForm(),
    }
    return render(request, "periodic/staff/schedule.html", context)


@never_cache
@login_required
@require_POST
def schedule_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    schedule = get_object_or_404(Schedule.objects.select_related("organ"), pk=pk)
    _visible(request.user, schedule.organ)
    if name == "trigger":
        form: Any = forms.TriggerForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: schedules.occurrence_trigger(
                    actor=request.user,
                    schedule=schedule,
                    trigger_on=form.cleaned_data["trigger_on"],
                    period_start=form.cleaned_data["period_start"],
                ),
                f"已登记{schedule.trigger_label or '触发日期'}。",
            )
        else:
            messages.error(request, form_errors(form))
    elif name == "link":
        form = forms.LinkForm(request.POST)
        if form.is_valid():
            item = Item.objects.filter(pk=form.cleaned_data["item"]).first()
            if item is None:
                messages.error(request, "没有找到该编号的公开目录信息。")
            else:
                attempt(
                    request,
                    lambda: schedules.occurrence_link_item(
                        actor=request.user,
                        schedule=schedule,
                        period_start=form.cleaned_data["period_start"],
                        item=item,
                    ),
                    "已关联已公开信息。",
                )
        else:
            messages.error(request, form_errors(form))
    elif name in ("activate", "deactivate"):
        attempt(
            request,
            lambda: schedules.schedule_set_active(
                actor=request.user, schedule=schedule, active=name == "activate"
            ),
            "已启用。" if name == "activate" else "已停用。",
        )
    else:
        raise Http404("没有这个操作。")
    return redirect(schedule.get_absolute_url())


# ---- calendar --------------------------------------------------------------------------------

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@never_cache
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The calendar of an organ's subtree: what falls due in the months asked (bounded), what
    waits for its trigger date, and everything still overdue."""
    organs = list(selectors.staff_organs(request.user))
    if not organs:
        raise PermissionDenied("您没有查看重点领域定期公开的权限。")
    today = _today(request)
    chosen = next((o for o in organs if str(o.pk) == request.GET.get("organ", "")), organs[0])
    notes: list[str] = []
    first = date(today.year, today.month, 1)
    match = _MONTH.fullmatch(request.GET.get("month", "").strip())
    if match and 1 <= int(match.group(2)) <= 12 and 1900 < int(match.group(1)) < 9000:
        first = date(int(match.group(1)), int(match.group(2)), 1)
    elif request.GET.get("month"):
        notes.append("月份格式应为“2026-03”，已显示本月。")
    raw_months = request.GET.get("months", "1").strip()
    months = int(raw_months) if raw_months.isdigit() and len(raw_months) < 7 else 1
    if raw_months and not raw_months.isdigit():
        notes.append("月数应为正整数，已显示一个月。")
    elif len(raw_months) >= 7:
        months = selectors.MAX_MONTHS + 1
    window = selectors.month_window(first, months)
    if window.note:
        notes.append(window.note)
    visible = {o.pk for o in organs}
    scope = [o for o in selectors.subtree(chosen) if o.pk in visible]
    rows = selectors.calendar(organs=scope, window=window, today=today)
    context = {
        "organs": organs,
        "chosen": chosen,
        "window": window,
        "rows": rows,
        "counts": selectors.counts(rows),
        "notes": notes,
        "today": today,
        "month": f"{first:%Y-%m}",
        "months": min(months, selectors.MAX_MONTHS),
    }
    return render(request, "periodic/staff/calendar.html", context)


# ---- datasets --------------------------------------------------------------------------------


@never_cache
@login_required
def dataset_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a dataset for a schedule (and one of its periods, `?period=YYYY-MM-DD`)."""
    schedule = get_object_or_404(Schedule.objects.select_related("organ"), pk=pk)
    roles = _visible(request.user, schedule.organ)
    if not roles & KEEPERS:
        raise PermissionDenied(schedules.NOT_KEEPER)
    period_raw = request.POST.get("period_start") or request.GET.get("period", "")
    form = forms.UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"period_start": period_raw, "title": schedule.title},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            created: list[Dataset] = []

            def write() -> None:
                try:
                    period = date.fromisoformat(period_raw) if period_raw else None
                except ValueError:
                    raise ValidationError("周期格式不正确。") from None
                upload = data["file"]
                created.append(
                    datasets.dataset_upload(
                        actor=request.user,
                        organ=schedule.organ,
                        title=data["title"],
                        summary=data["summary"],
                        name=upload.name,
                        data=upload,
                        schema=data["schema"],
                        schedule=schedule,
                        period_start=period,
                    )
                )

            if attempt(request, write, "数据已通过检查，待发布。"):
                return redirect("office_periodic:dataset", created[0].pk)
        else:
            messages.error(request, form_errors(form))
    context = {
        "schedule": schedule,
        "form": form,
        "period": period_raw,
        "schema_text": schema_text(schema_from_data(schedule.schema)),
    }
    return render(request, "periodic/staff/upload.html", context, status=status)


@never_cache
@login_required
def dataset_view(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = get_object_or_404(
        Dataset.objects.select_related("organ", "schedule", "occurrence"), pk=pk
    )
    roles = _visible(request.user, dataset.organ)
    context = {
        "dataset": dataset,
        "may_publish": bool(roles & PUBLISHERS) and dataset.status == DatasetStatus.DRAFT,
        "may_withdraw": bool(roles & PUBLISHERS) and dataset.status == DatasetStatus.PUBLISHED,
        "withdraw_form": forms.WithdrawForm(),
    }
    return render(request, "periodic/staff/dataset.html", context)


@never_cache
@login_required
@require_POST
def dataset_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset.objects.select_related("organ"), pk=pk)
    _visible(request.user, dataset.organ)
    if name == "publish":
        attempt(
            request,
            lambda: datasets.dataset_publish(actor=request.user, dataset=dataset),
            "数据已发布。",
        )
    elif name == "withdraw":
        form = forms.WithdrawForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                lambda: datasets.dataset_withdraw(
                    actor=request.user, dataset=dataset, reason=form.cleaned_data["reason"]
                ),
                "数据已撤回。",
            )
        else:
            messages.error(request, form_errors(form))
    else:
        raise Http404("没有这个操作。")
    return redirect("office_periodic:dataset", dataset.pk)
