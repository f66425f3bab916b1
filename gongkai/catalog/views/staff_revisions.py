"""Back-office actions around the main chain: 审核通过, 修订 (open, give up, its history),
恢复发布 and 有效性 proposals.

Each POST calls one service of `gongkai.catalog.services.workflow`, `.revisions` or
`.published`, through `staff_workflow._perform`, so refusals read as on every other button of
the item page (a message or a field error, never an error page).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from gongkai.catalog.actions import AbandonAction
from gongkai.catalog.forms import DecisionForm, RestoreForm, ReviewApproveForm, ValidityProposeForm
from gongkai.catalog.models import Item, ItemVersion
from gongkai.catalog.services import published, revisions, workflow
from gongkai.catalog.views.access import item_for_user
from gongkai.catalog.views.staff_workflow import Confirm, _perform


@login_required
@require_POST
def approve_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewApproveForm(request.POST, prefix="review")
    return _perform(
        request,
        pk,
        lambda item: workflow.item_approve_review(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: (
            "审核通过，已送保密审查。"
            + (f"保密扫描发现 {n} 处疑似敏感内容，待保密审查确认。" if (n := _open(item)) else "")
        ),
        form_name="approve_review_form",
        form=form,
    )


def _open(item: Item) -> int:
    return item.findings.filter(acknowledged_at__isnull=True).count()


# ---- 修订 ----------------------------------------------------------------------------------


@login_required
@require_POST
def revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a revision and go straight to its form; a second one is refused, linking the first."""
    item, _roles = item_for_user(request.user, pk)
    try:
        revision = revisions.revision_open(actor=request.user, item=item)
    except revisions.RevisionAlreadyOpen as exc:
        link = reverse("office:item", args=[exc.revision.pk])
        messages.error(
            request,
            format_html(
                '{} <a href="{}" id="open-revision-link">打开正在办理的修订稿</a>',
                exc.messages[0],
                link,
            ),
        )
        return redirect("office:item", pk=item.pk)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("office:item", pk=item.pk)
    messages.success(
        request,
        "已新建修订稿，内容与附件取自已发布的版本。请修改并填写修订说明，保存后提交；"
        "签发前公开页面保持不变。",
    )
    return redirect("office:item_edit", pk=revision.pk)


@login_required
@require_POST
def abandon_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(
        request,
        pk,
        lambda item: revisions.revision_abandon(actor=request.user, revision=item),
        lambda item: "已放弃修订稿。已发布的信息保持不变。",
        confirm=lambda _item: Confirm(
            AbandonAction.name, AbandonAction.label, AbandonAction.confirm
        ),
    )


@login_required
def version_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One earlier text of a published item, as it was before a revision replaced it."""
    item, _roles = item_for_user(request.user, pk)
    version = ItemVersion.objects.filter(item=item, number=number).first()
    if version is None:
        raise Http404("没有这个历史版本。")
    return render(request, "office/item_version.html", {"item": item, "version": version})


# ---- 恢复发布 --------------------------------------------------------------------------------


@login_required
@require_POST
def restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = RestoreForm(request.POST, prefix="restore")
    return _perform(
        request,
        pk,
        lambda item: published.item_restore(
            actor=request.user, item=item, reason=form.cleaned_data["reason"]
        ),
        lambda item: "已申请恢复发布，待签发。签发前公开页面仍显示撤回说明。",
        form_name="restore_form",
        form=form,
    )


@login_required
@require_POST
def decline_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST, prefix="decline_restore")
    return _perform(
        request,
        pk,
        lambda item: published.item_decline_restore(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: "已不同意恢复发布，该信息保持撤回状态。",
        form_name="decline_restore_form",
        form=form,
    )


# ---- 有效性 ----------------------------------------------------------------------------------


@login_required
@require_POST
def propose_validity_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ValidityProposeForm(request.POST, prefix="propose")
    return _perform(
        request,
        pk,
        lambda item: published.validity_propose(
            actor=request.user,
            item=item,
            validity=form.cleaned_data["validity"],
            changed_on=form.cleaned_data["changed_on"],
            note=form.cleaned_data["note"],
        ),
        lambda item: (
            f"已提请将有效性变更为“{item.get_validity_proposed_display()}”，待签发同意后在公开页面显示。"
        ),
        form_name="propose_validity_form",
        form=form,
    )


@login_required
@require_POST
def approve_validity_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewApproveForm(request.POST, prefix="approve_validity")
    return _perform(
        request,
        pk,
        lambda item: published.validity_approve(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: f"已同意，有效性已改为“{item.get_validity_display()}”。",
        form_name="approve_validity_form",
        form=form,
    )


@login_required
@require_POST
def decline_validity_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST, prefix="decline_validity")
    return _perform(
        request,
        pk,
        lambda item: published.validity_decline(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        ),
        lambda item: "已不同意该有效性变更，有效性保持不变。",
        form_name="decline_validity_form",
        form=form,
    )
