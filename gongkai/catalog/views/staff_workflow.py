"""Back-office item page and its workflow actions (提交保密审查 … 签发 … 撤回).

Every state change is a POST calling `gongkai.catalog.services.workflow`. Refusals become
messages or field errors on the item page, never an error page: `ItemNotReady` is shown as a
退文 list, `InvalidTransition` (for example a double-submitted 签发) says what state the item is
already in. Only an item of another organ is a 403 (`item_for_user`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.catalog.actions import item_actions_allowed
from gongkai.catalog.forms import ReturnForm, ScheduleForm, ValidityForm, WithdrawForm
from gongkai.catalog.models import Item, ScanFinding, Status
from gongkai.catalog.selectors import UNPUBLISHED_STATES, publication_due
from gongkai.catalog.services import workflow
from gongkai.catalog.services.workflow import PUBLIC_ATTRIBUTES, ItemNotReady
from gongkai.catalog.transitions import InvalidTransition
from gongkai.catalog.views.access import item_for_user
from gongkai.core.audit import timeline_row
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import default_calendar, today, working_days_between

STATUS_LABELS = dict(Status.choices)


def timeline(item: Item) -> list[dict[str, Any]]:
    """The item's history from the audit log: who, when, what, from → to, comment."""
    rows = []
    for event in AuditEvent.objects.for_object(item).order_by("created_at", "id"):
        detail = ""
        data = event.data or {}
        if event.action.startswith("attachment.") and data.get("name"):
            detail = str(data["name"])
        elif event.action == "item.publish" and data.get("index_number"):
            detail = f"索引号 {data['index_number']}"
        elif event.action == "item.submit" and data.get("findings"):
            detail = f"保密扫描发现 {data['findings']} 条"
        elif event.action == "item.validity":
            detail = f"{data.get('from', '')} → {data.get('to', '')}"
        rows.append(timeline_row(event, status_labels=STATUS_LABELS, detail=detail))
    return rows


def due_info(item: Item) -> dict[str, Any] | None:
    """Art. 26 due date and working days left, for items not yet public."""
    due = publication_due(item)
    if due is None:
        return None
    on, cal = today(), default_calendar()
    left = working_days_between(on, due, cal) if due >= on else -working_days_between(due, on, cal)
    return {"due": due, "left": left, "overdue": left < 0, "late_by": -left}


def render_item(
    request: HttpRequest,
    item: Item,
    roles: set[str],
    *,
    refusal: list[str] | None = None,
    forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    item.refresh_from_db()
    findings = list(item.findings.select_related("acknowledged_by"))
    context: dict[str, Any] = {
        "item": item,
        "roles": roles,
        "can": item_actions_allowed(actor=request.user, item=item, roles=roles),
        "attachments": list(item.attachments.all()),
        "findings": findings,
        "open_findings": sum(1 for f in findings if f.acknowledged_at is None),
        "timeline": timeline(item),
        "due": (
            due_info(item)
            if item.status in UNPUBLISHED_STATES and item.attribute in PUBLIC_ATTRIBUTES
            else None
        ),
        "refusal": refusal or [],
        "return_form": ReturnForm(),
        "schedule_form": ScheduleForm(),
        "withdraw_form": WithdrawForm(),
        "validity_form": ValidityForm(
            initial={
                "validity": item.validity,
                "changed_on": item.validity_changed_on,
                "note": item.validity_note,
            }
        ),
        "public_url": item.get_absolute_url() if item.is_public else "",
    }
    context.update(forms or {})
    return render(request, "office/item_detail.html", context, status=status)


@login_required
def item_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    item, roles = item_for_user(request.user, pk)
    return render_item(request, item, roles)


def _already(item: Item, exc: InvalidTransition) -> str:
    """Explain a refused transition by the state the item is in now (double submits)."""
    item.refresh_from_db()
    if item.status == Status.PUBLISHED:
        return f"该信息已发布（索引号：{item.index_number}），无需重复操作。"
    if item.status == Status.SCHEDULED and item.scheduled_for:
        when = timezone.localtime(item.scheduled_for)
        return f"该信息已签发，将于 {when:%Y-%m-%d %H:%M} 定时发布。"
    if item.status == Status.FILED:
        return "该信息已签发（不公开发布），无需重复操作。"
    if item.status == Status.WITHDRAWN:
        return "该信息已撤回。"
    return str(exc)


def _perform(
    request: HttpRequest,
    pk: int,
    call: Callable[[Item], Item],
    done: Callable[[Item], str],
    *,
    form_name: str = "",
    form: Form | None = None,
) -> HttpResponse:
    item, roles = item_for_user(request.user, pk)
    if form is not None and not form.is_valid():
        return render_item(request, item, roles, forms={form_name: form})
    try:
        result = call(item)
    except ItemNotReady as exc:
        return render_item(request, item, roles, refusal=exc.messages)
    except InvalidTransition as exc:
        messages.warning(request, _already(item, exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done(result))
    return redirect("office:item", pk=item.pk)


@login_required
@require_POST
def submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda item: workflow.item_submit(actor=request.user, item=item),
        lambda item: (
            "已提交保密审查。"
            + (f"保密扫描发现 {n} 处疑似敏感内容，待保密审查确认。" if (n := _open(item)) else "")
        ),
    )


def _open(item: Item) -> int:
    return item.findings.filter(acknowledged_at__isnull=True).count()


@login_required
@require_POST
def finding_acknowledge_view(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    item, _roles = item_for_user(request.user, pk)
    finding = get_object_or_404(ScanFinding, pk=finding_pk, item=item)
    return _perform(
        request,
        pk,
        lambda _item: workflow.finding_acknowledge(actor=request.user, finding=finding).item,
        lambda _item: f"已确认：{finding.get_kind_display()}（{finding.source}）。",
    )


@login_required
@require_POST
def pass_secrecy_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda item: workflow.item_pass_secrecy(actor=request.user, item=item),
        lambda item: "保密审查已通过，已送签发。",
    )


@login_required
@require_POST
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_return(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: "已退回拟稿人修改。",
        form_name="return_form",
        form=form,
    )


def _published_message(item: Item) -> str:
    if item.status == Status.PUBLISHED:
        return f"已签发并发布，索引号：{item.index_number}。"
    if item.status == Status.FILED:
        return "已签发。该信息不属于主动公开，不在门户发布。"
    return "已签发。"


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda item: workflow.item_publish(actor=request.user, item=item),
        _published_message,
    )


@login_required
@require_POST
def schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ScheduleForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_publish(
            actor=request.user, item=item, at=form.cleaned_data["at"]
        ),
        lambda item: (
            f"已签发，将于 {timezone.localtime(item.scheduled_for):%Y-%m-%d %H:%M} 定时发布。"
            if item.scheduled_for and item.status == Status.SCHEDULED
            else _published_message(item)
        ),
        form_name="schedule_form",
        form=form,
    )


@login_required
@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = WithdrawForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_withdraw(
            actor=request.user, item=item, reason=form.cleaned_data["reason"]
        ),
        lambda item: "已撤回。公开页面保留，并显示撤回时间和原因。",
        form_name="withdraw_form",
        form=form,
    )


@login_required
@require_POST
def validity_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ValidityForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_set_validity(
            actor=request.user,
            item=item,
            validity=form.cleaned_data["validity"],
            changed_on=form.cleaned_data["changed_on"],
            note=form.cleaned_data["note"],
        ),
        lambda item: f"有效性已改为“{item.get_validity_display()}”。",
        form_name="validity_form",
        form=form,
    )
