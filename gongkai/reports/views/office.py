"""Back-office pages of the annual report: open, edit figures and text, check, publish, export.

Refusals are shown on the report page (findings, field errors), never as an error page; only a
report of an organ the user does not administer is a 403. Pages only read: the report's status
follows its catalog item through `gongkai.reports.receivers`, never on a GET.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.fsm import InvalidTransition
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role, require_roles
from gongkai.reports import services
from gongkai.reports.charts import all_charts
from gongkai.reports.deadlines import report_year_in_preparation, report_year_not_ended
from gongkai.reports.definitions import format_for_year
from gongkai.reports.forms import FiguresForm, OpenReportForm, SectionsForm
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import (
    finding_key,
    history_data,
    report_check,
    report_data,
    report_timeline,
    reports_for_organs,
)
from gongkai.reports.transitions import REPORT_MACHINE, Event
from gongkai.reports.writers import WRITERS, WriterUnavailable, export
from gongkai.reports.writers.html import tables_html


def _admin_organs(request: HttpRequest) -> list[Organ]:
    organs = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not organs:
        raise PermissionDenied("只有公开办管理员可以编制年度报告。")
    return organs


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("organ", "item"), pk=pk)
    require_roles(
        request.user, report.organ, {Role.ORGAN_ADMIN}, message="您不是该机关的公开办管理员。"
    )
    return report


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    year = report_year_in_preparation(timezone.localdate())
    form = OpenReportForm(
        request.POST or None, organs=organs, initial={"organ": organs[0].pk, "year": year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_open(
                actor=request.user,
                organ=form.cleaned_data["organ"],
                year=form.cleaned_data["year"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as exc:
            form.add_error("year", exc.messages)
        else:
            return redirect("reports:detail", pk=report.pk)
    reports = reports_for_organs([o.pk for o in organs]).order_by("-year", "organ__tree_key")
    return render(request, "reports/index.html", {"form": form, "reports": reports[:200]})


def _detail_context(
    request: HttpRequest,
    report: AnnualReport,
    *,
    figures_form: FiguresForm | None = None,
    sections_form: SectionsForm | None = None,
    refusal: list[Any] | None = None,
) -> dict[str, Any]:
    data = report_data(report)
    check = report_check(report, data)
    fmt = format_for_year(report.year)
    return {
        "report": report,
        "data": data,
        "format": fmt,
        "check": check,
        "findings": [
            {
                "finding": f,
                "key": finding_key(f),
                "acknowledged": finding_key(f) in check.acknowledged,
            }
            for f in check.findings
        ],
        "tables": tables_html(data, flagged=check.flagged_cells),
        "charts": all_charts(data, history_data(report)),
        "figures_form": figures_form
        or FiguresForm(fmt=fmt, stored=report.manual_figures or {}, prefix="fig"),
        "sections_form": sections_form or SectionsForm(stored=report.sections or {}, prefix="sec"),
        "writers": WRITERS.values(),
        "refusal": refusal,
        # 重新编制 after a withdrawal: shown when the table allows it (the view asks it again).
        "may_reopen": Event.REOPEN in REPORT_MACHINE.allowed_events(report.status),
        # Art. 49: why 提交发布 / 报送 wait until the year has ended (the services refuse too).
        "year_open": report_year_not_ended(year=report.year, today=timezone.localdate()),
        "history": report_timeline(report),
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


def _refuse(
    request: HttpRequest, report: AnnualReport, exc: ValidationError | InvalidTransition
) -> HttpResponse:
    findings = getattr(exc, "findings", None)
    reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return render(
        request,
        "reports/detail.html",
        _detail_context(request, report, refusal=findings or reasons),
        status=400,
    )


@login_required
@require_POST
def report_figures(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = FiguresForm(
        request.POST,
        fmt=format_for_year(report.year),
        stored=report.manual_figures or {},
        prefix="fig",
    )
    if form.is_valid():
        try:
            services.report_save_figures(actor=request.user, report=report, figures=form.figures())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_cell_errors(exc.message_dict)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, "人工填报数据已保存。")
            return redirect(f"{report_url(report)}#figures")
    context = _detail_context(request, report, figures_form=form)
    return render(request, "reports/detail.html", context, status=400)


@login_required
@require_POST
def report_sections(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = SectionsForm(request.POST, stored=report.sections or {}, prefix="sec")
    if form.is_valid():
        try:
            services.report_save_sections(
                actor=request.user, report=report, sections=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "报告正文已保存。")
            return redirect(f"{report_url(report)}#sections")
    context = _detail_context(request, report, sections_form=form)
    return render(request, "reports/detail.html", context, status=400)


@login_required
@require_POST
def report_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_redraft_section(
            actor=request.user, report=report, key=request.POST.get("key", "")
        )
    except ValidationError as exc:
        return _refuse(request, report, exc)
    messages.success(request, "已根据最新数据重新生成该部分草稿。")
    return redirect(f"{report_url(report)}#sections")


@login_required
@require_POST
def report_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_acknowledge(
            actor=request.user, report=report, key=request.POST.get("key", "")
        )
    except ValidationError as exc:
        return _refuse(request, report, exc)
    messages.success(request, "已确认该提示。")
    return redirect(f"{report_url(report)}#findings")


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        report = services.report_publish(actor=request.user, report=report)
    except ValidationError as exc:
        return _refuse(request, report, exc)
    messages.success(
        request,
        "年度报告已提交发布：已生成公开目录中的信息并送保密审查，签发后即在门户公开并取得索引号。",
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_reopen(actor=request.user, report=report)
    except InvalidTransition as exc:
        return _refuse(request, report, exc)
    messages.success(request, "年度报告已重新编制为草稿：更正后可再次提交发布。")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_submit_upward(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_submit_upward(actor=request.user, report=report)
    except ValidationError as exc:
        return _refuse(request, report, exc)
    messages.success(request, "统计数据已报送上级机关。")
    return redirect("reports:detail", pk=report.pk)


@login_required
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt not in WRITERS:
        raise Http404("没有这种导出格式。")
    data = report_data(report)
    charts = [str(c) for c in all_charts(data, history_data(report))]
    try:
        content = export(data, fmt, findings=report_check(report, data).findings, charts=charts)
    except WriterUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("reports:detail", pk=report.pk)
    writer = WRITERS[fmt]
    response = HttpResponse(content, content_type=writer.content_type)
    filename = f"{report.organ.org_code}-{report.year}-{report.scope}.{writer.extension}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def report_url(report: AnnualReport) -> str:
    from django.urls import reverse

    return reverse("reports:detail", args=[report.pk])
