"""Back office of 依申请公开: queue, CSV export, paper registration, case page, Art. 44 list.

Reads go through `selectors`; each action on a case is a POST in `views/case.py`. Another
organ's case is a 403. Lists and exports show ID numbers and phones masked; the case page shows
them in full only to a handler who asks, and every such view is audited.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import selectors
from gongkai.applications.forms import QueueFilter, StaffRegisterForm
from gongkai.applications.models import Application, ApplicationDocument
from gongkai.applications.rules import ACCEPTING_KINDS
from gongkai.applications.services.intake import application_register
from gongkai.catalog.models import Column
from gongkai.catalog.services.items import ItemFields, item_create
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import organs_for, require_roles

PAGE_SIZE = 20


def _queue_filter(request: HttpRequest) -> QueueFilter:
    organs = list(organs_for(request.user).filter(kind__in=ACCEPTING_KINDS))
    organs.sort(key=lambda o: o.tree_key)
    users = selectors.assignable_users(organs)
    return QueueFilter(request.GET or None, organs=organs, users=users)


def _filtered(request: HttpRequest, flt: QueueFilter) -> Any:
    return selectors.queue(
        request.user,
        organ=flt.value("organ"),
        status=flt.value("status"),
        due=flt.value("due"),
        assignee=flt.value("assignee"),
        q=flt.value("q"),
    )


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    flt = _queue_filter(request)
    page = Paginator(_filtered(request, flt), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": flt,
        "page": page,
        "today": timezone.localdate(),
        "can_register": bool(selectors.handler_organs(request.user)),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "applications/staff/queue.html", context)


CSV_COLUMNS = [
    ("申请编号", lambda a: a.reference),
    ("受理机关", lambda a: a.organ.name),
    ("申请方式", lambda a: a.get_channel_display()),
    ("申请人类型", lambda a: a.get_applicant_type_display()),
    ("申请人", lambda a: a.name),
    ("证件号码", lambda a: a.masked_id_number),
    ("联系电话", lambda a: a.masked_phone),
    ("所需信息", lambda a: a.description),
    ("提交日期", lambda a: _iso(a.submitted_on)),
    ("收到申请之日", lambda a: _iso(a.receipt_date)),
    ("答复期限", lambda a: _iso(a.due_date)),
    ("期限为暂定", lambda a: "是" if a.due_provisional else ""),
    ("状态", lambda a: a.get_status_display()),
    ("办理结果", lambda a: a.get_outcome_display() if a.outcome else ""),
    ("答复日期", lambda a: _iso(a.answered_on)),
    ("承办人", lambda a: a.assignee.get_username() if a.assignee else ""),
]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; defuse them."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered queue as CSV (UTF-8 with BOM for Excel), ID numbers and phones masked."""
    flt = _queue_filter(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="applications-{timezone.localdate():%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([label for label, _ in CSV_COLUMNS])
    for app in _filtered(request, flt).iterator(chunk_size=500):
        writer.writerow([_csv_safe(str(get(app))) for _, get in CSV_COLUMNS])
    return response


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    """Register an application that came in person, by letter or by fax (Art. 29, 31)."""
    organs = selectors.handler_organs(request.user)
    if not organs:
        raise PermissionDenied("您没有登记政府信息公开申请的权限。")
    form = StaffRegisterForm(request.POST or None, organs=organs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            try:
                result = application_register(
                    actor=request.user,
                    organ=cd["organ"],
                    channel=cd["channel"],
                    submitted_on=cd["submitted_on"],
                    confirmed_on=cd["confirmed_on"],
                    written_by_staff=cd["written_by_staff"],
                    data=form.application_data(),
                )
            except ValidationError as exc:
                for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                app = result.application
                messages.success(request, f"已登记申请 {app.reference}，查询码 {app.query_code}。")
                if result.possible_duplicates:
                    refs = "、".join(a.reference for a in result.possible_duplicates)
                    messages.warning(
                        request, f"同一申请人申请过相同内容（{refs}），请核对是否属于重复申请。"
                    )
                return redirect("office_apps:case", pk=app.pk)
        status = 400
    return render(request, "applications/staff/register.html", {"form": form}, status=status)


@never_cache  # personal data: never kept by a browser or proxy (issue 16)
@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse | HttpResponse:
    app, _roles = selectors.case_for_user(request.user, pk)
    doc = get_object_or_404(ApplicationDocument, pk=doc_pk, application=app)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=f"{doc.number}-{doc.title}.docx"
    )


@login_required
def frequent_view(request: HttpRequest) -> HttpResponse:
    """Art. 44: requests many people make, with a one-click proposal to publish proactively."""
    organs = list(organs_for(request.user))
    groups = selectors.frequent_requests(organs=organs)
    for group in groups:
        group.can_propose = selectors.has_editor_role(request.user, group.organ)  # type: ignore[attr-defined]
    return render(request, "applications/staff/frequent.html", {"groups": groups})


@login_required
@require_POST
def propose_view(request: HttpRequest) -> HttpResponse:
    """Create a catalog draft in the organ's 法定主动公开内容 column from a frequent request."""
    ids = [int(x) for x in request.POST.get("ids", "").split(",") if x.strip().isdigit()]
    apps = list(
        Application.objects.filter(pk__in=ids, outcome__in=["granted", "partial"]).select_related(
            "organ"
        )
    )
    organs = {a.organ_id for a in apps}
    if len(apps) < 2 or len(organs) != 1:
        messages.error(request, "请从“申请较多的信息”列表中选择同一机关的至少两件申请。")
        return redirect("office_apps:frequent")
    organ = apps[0].organ
    require_roles(request.user, organ, {Role.EDITOR}, message="您没有在该机关采编信息的权限。")
    column = Column.objects.filter(organ=organ, code="statutory").first()
    if column is None:
        messages.error(request, f"{organ.name}的公开目录没有“法定主动公开内容”栏目。")
        return redirect("office_apps:frequent")
    refs = "、".join(a.reference for a in apps)
    with transaction.atomic():
        result = item_create(
            actor=request.user,
            organ=organ,
            column=column,
            fields=ItemFields(
                title=apps[0].description.strip()[:120],
                formed_on=timezone.localdate(),
                summary=(
                    f"依申请公开转主动公开建议（《条例》第四十四条）：该信息已被申请{len(apps)}次"
                    f"（申请编号 {refs}），且已予以公开或部分公开。"
                ),
                body="",
            ),
        )
    messages.success(request, "已在“法定主动公开内容”栏目生成主动公开草稿，请补充正文后送审。")
    return redirect("office:item", pk=result.item.pk)
