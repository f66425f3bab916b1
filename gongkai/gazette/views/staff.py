"""Back office of the 公报 (/office/gazette/): the issues, their 目录 (编入 with a picker of
the organ subtree's published items, 移出, 上移/下移), the original, the PDF, 出版 and 撤回.

Login required in every view; the issue pages answer 403 to anyone who is not 公开办管理员 or
审核 of the issue's organ, and every write goes through a service that checks again. A refused
write comes back to the page with its Chinese message, nothing written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Item
from gongkai.core.audit import timeline_row
from gongkai.core.models import AuditEvent
from gongkai.core.staff_views import attempt, form_errors
from gongkai.gazette import forms, selectors
from gongkai.gazette.models import GazetteEntry, GazetteIssue, IssueStatus
from gongkai.gazette.pdf import sections_of
from gongkai.gazette.services import issues as services
from gongkai.gazette.transitions import EDITORS, ISSUE_MACHINE, IssueEvent
from gongkai.gazette.views.public import file_response
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles


def _issue_for(request: HttpRequest, pk: int) -> GazetteIssue:
    issue = get_object_or_404(GazetteIssue.objects.select_related("organ"), pk=pk)
    require_roles(request.user, issue.organ, set(EDITORS), message=services.NOT_EDITOR)
    return issue


@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    organs = selectors.gazette_organs(request.user)
    if not organs:
        raise PermissionDenied("只有公开办管理员或审核人员可以编辑政府公报。")
    context = {"issues": list(selectors.staff_issues(request.user)[:300]), "organs": organs}
    return render(request, "gazette/staff/index.html", context)


@login_required
@never_cache
def issue_new(request: HttpRequest) -> HttpResponse:
    organs = selectors.gazette_organs(request.user)
    if not organs:
        raise PermissionDenied("只有公开办管理员或审核人员可以新建公报期次。")
    today = timezone.localdate()
    form = forms.IssueForm(request.POST or None, initial={"year": today.year, "issued_on": today})
    if request.method == "POST":
        organ = _chosen_organ(request, organs)
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            data = form.cleaned_data
            try:
                issue = services.issue_create(
                    actor=request.user,
                    organ=organ,
                    year=data["year"],
                    number=data["number"],
                    total_number=data["total_number"],
                    issued_on=data["issued_on"],
                )
            except ValidationError as exc:
                messages.error(request, "；".join(str(m) for m in exc.messages))
            else:
                messages.success(request, f"已新建{issue}。")
                return redirect(issue.get_office_url())
    return render(request, "gazette/staff/issue_new.html", {"form": form, "organs": organs})


def _chosen_organ(request: HttpRequest, organs: list[Organ]) -> Organ:
    wanted = request.POST.get("organ", "")
    for organ in organs:
        if str(organ.pk) == wanted:
            return organ
    if len(organs) == 1 or not wanted:
        return organs[0]
    raise PermissionDenied("您不能为该机关编辑公报。")


@login_required
@never_cache
def issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for(request, pk)
    entries = selectors.entries_of(issue)
    q = request.GET.get("q", "").strip()[:50]
    draft = issue.status == IssueStatus.DRAFT
    events = AuditEvent.objects.filter(
        object_type="gazette.gazetteissue", object_id=str(issue.pk)
    ).order_by("created_at", "pk")
    labels = dict(IssueStatus.choices)
    context = {
        "issue": issue,
        "sections": sections_of(entries),
        "entry_count": len(entries),
        "q": q,
        "candidates": selectors.picker(issue, q) if draft and q else [],
        "section_choices": selectors.active_sections(),
        "draft": draft,
        "may_publish": draft and ISSUE_MACHINE.may(request.user, issue, IssueEvent.PUBLISH),
        "may_withdraw": ISSUE_MACHINE.may(request.user, issue, IssueEvent.WITHDRAW),
        "withdraw_form": forms.WithdrawForm(),
        "original_form": forms.OriginalForm(),
        "timeline": [timeline_row(e, status_labels=labels) for e in events],
    }
    return render(request, "gazette/staff/issue.html", context)


@login_required
@never_cache
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改期次信息 while the issue is 编辑中; a published one is refused with its reason."""
    issue = _issue_for(request, pk)
    if issue.status != IssueStatus.DRAFT:
        messages.error(request, services.NOT_DRAFT_EDIT.format(status=issue.get_status_display()))
        return redirect(issue.get_office_url())
    initial = {
        "year": issue.year,
        "number": issue.number,
        "total_number": issue.total_number,
        "issued_on": issue.issued_on,
    }
    form = forms.IssueEditForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            messages.error(request, form_errors(form))
        else:
            data = form.cleaned_data
            upload = data.get("original")
            try:
                issue = services.issue_edit(
                    actor=request.user,
                    issue=issue,
                    year=data["year"],
                    number=data["number"],
                    total_number=data["total_number"],
                    issued_on=data["issued_on"],
                    original=(upload.name or "", upload) if upload else None,
                )
            except ValidationError as exc:
                messages.error(request, "；".join(str(m) for m in exc.messages))
            else:
                messages.success(request, f"已保存{issue}的期次信息。")
                return redirect(issue.get_office_url())
    context = {"issue": issue, "form": form}
    return render(request, "gazette/staff/issue_edit.html", context, status=status)


@login_required
@require_POST
def issue_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    issue = _issue_for(request, pk)
    back = issue.get_office_url()
    user = request.user
    if name == "add":
        form = forms.EntryAddForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors(form) or "请选择要编入的信息和栏目。")
        else:
            item = Item.objects.filter(pk=form.cleaned_data["item"]).first()
            if item is None:
                messages.error(request, "要编入的信息不存在。")
            else:
                section = form.cleaned_data["section"]
                attempt(
                    request,
                    lambda: services.entry_add(actor=user, issue=issue, item=item, section=section),
                    f"已将“{item.title}”编入“{section.name}”栏目。",
                )
        q = request.POST.get("q", "").strip()[:50]
        return redirect(f"{back}?q={q}#picker" if q else back)
    if name in ("remove", "up", "down"):
        entry = get_object_or_404(GazetteEntry, pk=request.POST.get("entry") or 0, issue=issue)
        if name == "remove":
            attempt(
                request,
                lambda: services.entry_remove(actor=user, entry=entry),
                f"已将“{entry.item.title}”移出目录。",
            )
        else:
            attempt(
                request,
                lambda: services.entry_move(actor=user, entry=entry, direction=name),
                "已调整目录顺序。",
            )
        return redirect(back)
    if name == "original":
        upload_form = forms.OriginalForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            messages.error(request, form_errors(upload_form))
        else:
            upload = upload_form.cleaned_data["original"]
            attempt(
                request,
                lambda: services.original_upload(
                    actor=user, issue=issue, name=upload.name or "", data=upload
                ),
                "已上传公报原版。",
            )
        return redirect(back)
    if name == "pdf":
        attempt(request, lambda: services.pdf_generate(actor=user, issue=issue), "已生成公报 PDF。")
        return redirect(back)
    if name == "publish":
        attempt(
            request, lambda: services.issue_publish(actor=user, issue=issue), f"{issue}已出版。"
        )
        return redirect(back)
    if name == "withdraw":
        withdraw_form = forms.WithdrawForm(request.POST)
        if not withdraw_form.is_valid():
            messages.error(request, form_errors(withdraw_form))
        else:
            reason = withdraw_form.cleaned_data["reason"]
            attempt(
                request,
                lambda: services.issue_withdraw(actor=user, issue=issue, reason=reason),
                f"{issue}已撤回。",
            )
        return redirect(back)
    raise Http404("没有这个操作")


@login_required
def issue_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    """The generated PDF or the original, for the editors (drafts included)."""
    issue = _issue_for(request, pk)
    return file_response(issue, which)
