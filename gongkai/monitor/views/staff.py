"""Back office of the website monitor: the 公开办's dashboard across its subtree, the site
registry, each site's reports (single-veto verdicts, score, findings with evidence) with its
history and trend. Login required in every view; the 公开办管理员 role in every one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.monitor import rules, selectors
from gongkai.monitor.forms import ColumnForm, SiteForm
from gongkai.monitor.models import Severity, SiteColumn
from gongkai.monitor.services.runs import run_request
from gongkai.monitor.services.sites import (
    ColumnFields,
    SiteFields,
    column_delete,
    column_save,
    site_register,
    site_update,
)


def _managed(request: HttpRequest) -> list[Any]:
    organs = selectors.managed_organs(request.user)
    if not organs:
        raise PermissionDenied(selectors.DENIED)
    return organs


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    rows = selectors.dashboard(request.user)
    failing = sum(1 for r in rows if r.run and r.run.verdict == "fail")
    context = {"rows": rows, "failing": failing, "veto_order": rules.VETO_ORDER}
    return render(request, "monitor/dashboard.html", context)


def _site_fields(data: dict[str, Any]) -> SiteFields:
    return SiteFields(
        name=data["name"],
        base_url=data["base_url"],
        kind=data["kind"],
        platform=data["platform"],
        id_code=data.get("id_code") or "",
        max_pages=data["max_pages"],
        alert_emails=data.get("alert_emails") or "",
        active=bool(data.get("active")),
    )


@never_cache
@login_required
def site_create(request: HttpRequest) -> HttpResponse:
    organs = _managed(request)
    form = SiteForm(request.POST or None, organs=organs, initial={"active": True, "max_pages": 300})
    if request.method == "POST" and form.is_valid():
        try:
            site = site_register(
                actor=request.user,
                organ=form.cleaned_data["organ"],
                fields=_site_fields(form.cleaned_data),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记“{site.name}”，将在下一次每日监测时检查。")
            return redirect("monitor:site", site.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "monitor/site_form.html", {"form": form, "site": None}, status=status)


@never_cache
@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_for(request.user, pk)
    initial = {
        f: getattr(site, f)
        for f in (
            "name",
            "base_url",
            "kind",
            "platform",
            "id_code",
            "max_pages",
            "alert_emails",
            "active",
        )
    }
    initial["organ"] = site.organ
    form = SiteForm(request.POST or None, organs=_managed(request), initial=initial)
    form.fields["organ"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            site_update(actor=request.user, site=site, fields=_site_fields(form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("monitor:site", site.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "monitor/site_form.html", {"form": form, "site": site}, status=status)


@never_cache
@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_for(request.user, pk)
    latest = selectors.latest_finished(site)
    context = {
        "site": site,
        "latest": latest,
        "checks": selectors.summary_rows(latest) if latest else [],
        "trend": selectors.trend(site),
        "runs": list(selectors.runs_of(site)[:30]),
        "columns": list(site.columns.select_related("catalog_column")),
        "column_form": ColumnForm(initial={"first_level": True}),
        "top_findings": selectors.findings_of(latest, severity="high")[:20] if latest else [],
    }
    return render(request, "monitor/site_detail.html", context)


@never_cache
@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    severity = request.GET.get("severity", "")
    if severity not in Severity.values:
        severity = ""
    findings = selectors.findings_of(run, severity=severity)
    context = {
        "run": run,
        "site": run.site,
        "checks": selectors.summary_rows(run),
        "findings": findings,
        "severity": severity,
        "severities": Severity.choices,
    }
    return render(request, "monitor/run_detail.html", context)


@require_POST
@login_required
def column_add(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_for(request.user, pk)
    form = ColumnForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            column_save(
                actor=request.user,
                site=site,
                fields=ColumnFields(
                    name=data["name"],
                    kind=data["kind"],
                    url=data.get("url") or "",
                    first_level=bool(data.get("first_level")),
                    window_days=data.get("window_days"),
                ),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已添加栏目“{data['name']}”。")
    else:
        errors = [
            f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields
        ]
        messages.error(request, "；".join(errors) or "栏目信息有误。")
    return redirect("monitor:site", site.pk)


@require_POST
@login_required
def column_remove(request: HttpRequest, pk: int, column_pk: int) -> HttpResponse:
    site = selectors.site_for(request.user, pk)
    column = get_object_or_404(SiteColumn, pk=column_pk, site=site)
    column_delete(actor=request.user, column=column)
    messages.success(request, f"已删除栏目“{column.name}”。")
    return redirect("monitor:site", site.pk)


@require_POST
@login_required
def run_now(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_for(request.user, pk)
    run_request(actor=request.user, site=site)
    messages.success(request, "已发起检查，完成后报告列在“检查记录”中。")
    return redirect("monitor:site", site.pk)
