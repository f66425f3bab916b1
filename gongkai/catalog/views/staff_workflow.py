"""Back-office item page and its workflow actions (提交保密审查 … 签发 … 撤回).

Every state change is a POST calling `gongkai.catalog.services.workflow`. Refusals become
messages or field errors on the item page, never an error page: `ItemNotReady` is shown as a
退文 list, `InvalidTransition` (for example a double-submitted 签发) says what state the item is
already in. Only an item of another organ is a 403 (`item_for_user`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.catalog.actions import (
    ITEM_ACTIONS,
    PublishAction,
    PublishRevisionAction,
    WithdrawAction,
    item_actions_allowed,
)
from gongkai.catalog.forms import (
    PassSecrecyForm,
    RequireChangesForm,
    ReturnForm,
    ScheduleForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.catalog.models import Item, ScanFinding, Status
from gongkai.catalog.scanner import mask_html, mask_plain
from gongkai.catalog.selectors import UNPUBLISHED_STATES, publication_due
from gongkai.catalog.services import workflow
from gongkai.catalog.services.workflow import PUBLIC_ATTRIBUTES, ItemNotReady
from gongkai.catalog.transitions import ITEM_MACHINE, Event, InvalidTransition
from gongkai.catalog.views.access import item_for_user
from gongkai.catalog.views.revision_context import revision_context
from gongkai.core.audit import audit_data_text, timeline_row
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import default_calendar, today, working_days_between

STATUS_LABELS = dict(Status.choices)
FINDING_LABELS = dict(ScanFinding.Kind.choices)


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
        elif event.action.startswith("finding.") and data.get("kind"):
            detail = f"{FINDING_LABELS.get(data['kind'], '')}（{data.get('source', '')}）"
        elif data:  # keys, choices (有效 → 已失效), dates in Chinese (core/audit.py)
            detail = audit_data_text(data, action=event.action)
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


def secrecy_opinion(item: Item) -> AuditEvent | None:
    """The latest 保密审查意见: the comment of the last 保密审查通过 (earlier ones stay in the
    办理记录; an item returned by 签发 and reviewed again has one per round)."""
    action = ITEM_MACHINE.actions[Event.PASS_SECRECY.name].value
    return (
        AuditEvent.objects.for_object(item).filter(action=action).order_by("-created_at", "-id")
    ).first()


@dataclass(frozen=True)
class Confirm:
    """A step that asks first (签发并发布, 撤回): the text is the action object's `confirm`."""

    action: str  # name in ITEM_ACTIONS, checked before asking
    label: str
    text: str
    carry: tuple[tuple[str, str], ...] = ()  # (POST field, label) sent again when confirmed


def render_item(
    request: HttpRequest,
    item: Item,
    roles: set[str],
    *,
    refusal: list[str] | None = None,
    forms: dict[str, Form] | None = None,
    confirming: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    item.refresh_from_db()
    findings = list(item.findings.select_related("acknowledged_by", "must_change_by"))
    context: dict[str, Any] = {
        "item": item,
        "roles": roles,
        "can": item_actions_allowed(actor=request.user, item=item, roles=roles),
        "attachments": list(item.attachments.all()),
        "findings": findings,
        "open_findings": sum(1 for f in findings if f.is_open),
        "must_change": [f for f in findings if f.must_change_at is not None],
        # Masked as the findings' excerpts are, with each finding highlighted. The body was
        # sanitised on save; mask_html keeps its tags and escapes every text it writes.
        "preview_body": mark_safe(mask_html(item.body, FINDING_LABELS)),
        "preview_summary": mark_safe(mask_plain(item.summary, FINDING_LABELS)),
        "secrecy_opinion": secrecy_opinion(item),
        "confirm_texts": {"publish": PublishAction.confirm, "withdraw": WithdrawAction.confirm},
        "confirming": confirming,
        "timeline": timeline(item),
        "due": (
            due_info(item)
            if item.status in UNPUBLISHED_STATES and item.attribute in PUBLIC_ATTRIBUTES
            else None
        ),
        "refusal": refusal or [],
        "return_form": ReturnForm(),
        "pass_form": PassSecrecyForm(),
        "require_changes_form": RequireChangesForm(),
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
    context.update(revision_context(item, context["can"]))  # 审核, 退回, 修订, 恢复, 有效性
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
    if item.status == Status.REVISION_APPLIED:
        return "该修订稿已签发，公开页面已更新，无需重复操作。"
    return str(exc)


def _refused(request: HttpRequest, item: Item, roles: set[str], name: str) -> bool:
    """Check the action as its POST would; on refusal leave the message the POST would leave."""
    action_class = ITEM_ACTIONS.get(name)
    if action_class is None:
        return False
    action = action_class(actor=request.user, subject=item, roles_of=lambda _a, _i: roles)
    try:
        action.check()
    except InvalidTransition as exc:
        messages.warning(request, _already(item, exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您没有执行此操作的权限。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        return False
    return True


def _ask_first(
    request: HttpRequest,
    item: Item,
    roles: set[str],
    confirm: Confirm,
    forms: dict[str, Form] | None,
) -> HttpResponse:
    """The confirmation without JavaScript: the item page opens on a 请确认 section whose form
    sends the same POST again with `confirm=1` (with scripts, static/js/confirm.js asks in a
    dialog and sends `confirm=1` itself)."""
    if _refused(request, item, roles, confirm.action):
        return redirect("office:item", pk=item.pk)
    carried = [(name, label, request.POST.get(name, "")) for name, label in confirm.carry]
    confirming = {
        "label": confirm.label,
        "text": confirm.text,
        "url": request.path,
        "fields": carried,
    }
    return render_item(request, item, roles, forms=forms, confirming=confirming)


def _perform(
    request: HttpRequest,
    pk: int,
    call: Callable[[Item], Item],
    done: Callable[[Item], str],
    *,
    form_name: str = "",
    form: Form | None = None,
    confirm: Callable[[Item], Confirm | None] | None = None,
) -> HttpResponse:
    item, roles = item_for_user(request.user, pk)
    if form is not None and not form.is_valid():
        return render_item(request, item, roles, forms={form_name: form})
    asking = confirm(item) if confirm is not None else None
    if asking is not None and asking.text and request.POST.get("confirm") != "1":
        return _ask_first(request, item, roles, asking, {form_name: form} if form else None)
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
            "已提交审核。"
            if item.status == Status.PENDING_REVIEW
            else "已提交保密审查。"
            + (f"保密扫描发现 {n} 处疑似敏感内容，待保密审查确认。" if (n := _open(item)) else "")
        ),
    )


def _open(item: Item) -> int:
    return item.findings.filter(acknowledged_at__isnull=True).count()


@login_required
@require_POST
def finding_require_change_view(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    item, _roles = item_for_user(request.user, pk)
    finding = get_object_or_404(ScanFinding, pk=finding_pk, item=item)
    return _perform(
        request,
        pk,
        lambda _item: workflow.finding_require_change(actor=request.user, finding=finding).item,
        lambda _item: (
            f"已标记须删改：{finding.get_kind_display()}（{finding.source}）。"
            "标完后请“按须删改意见退回”拟稿人。"
        ),
    )


@login_required
@require_POST
def require_changes_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = RequireChangesForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_require_changes(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: "已按须删改意见退回拟稿人，须删改的各处已列入退回意见。",
        form_name="require_changes_form",
        form=form,
    )


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
    form = PassSecrecyForm(request.POST)
    return _perform(
        request,
        pk,
        lambda item: workflow.item_pass_secrecy(
            actor=request.user, item=item, opinion=form.cleaned_data["opinion"]
        ),
        lambda item: "保密审查已通过，已送签发。保密审查意见已记入办理记录。",
        form_name="pass_form",
        form=form,
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
    if item.status == Status.REVISION_APPLIED:
        return "修订已签发：原信息的公开页面已更新为修订后的内容（索引号和首次发布日期不变）。"
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
        confirm=_confirm_publish,
    )


def _confirm_publish(item: Item) -> Confirm | None:
    """签发并发布 asks first; 签发（不公开发布） of a non-主动公开 item publishes nothing."""
    if item.revision_of_id is not None:
        return Confirm(
            PublishRevisionAction.name, PublishRevisionAction.label, PublishRevisionAction.confirm
        )
    if item.attribute not in PUBLIC_ATTRIBUTES:
        return None
    return Confirm(PublishAction.name, PublishAction.label, PublishAction.confirm)


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
        confirm=lambda _item: Confirm(
            WithdrawAction.name,
            WithdrawAction.label,
            WithdrawAction.confirm,
            carry=(("reason", "撤回原因"),),
        ),
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
