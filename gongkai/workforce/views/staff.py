"""Back office of the workforce figures (/office/workforce/): per year, the organs of the user's
subtree with their figures, the totals and who has not reported; the entry form per organ; the
XLSX export; evidence downloads. Login required in every view; every write goes through the
service, which checks the roles again (a hidden link is never a guard).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.workforce import rules, selectors, services
from gongkai.workforce.exports import totals_xlsx
from gongkai.workforce.forms import FiguresForm
from gongkai.workforce.models import FIGURES, UNITS, Figure, WorkforceEvidence

NO_POST = "您没有填报或查看人员、经费和培训情况的岗位权限（公开办管理员或采编）。"


def _default_year(today: date) -> int:
    """The year the annual report now in preparation covers (Art. 49: by 31 January … the
    report on last year), so the figures it needs come first."""
    return today.year - 1


def _year(request: HttpRequest, today: date) -> int:
    raw = request.GET.get("year", "")
    try:
        year = int(raw) if raw else _default_year(today)
    except ValueError:
        raise Http404("年度无效。") from None
    if rules.year_refusal(year, today=today):
        raise Http404("年度无效。")
    return year


def _root(request: HttpRequest) -> tuple[Organ, list[Organ]]:
    organs = selectors.staff_organs(request.user)
    if not organs:
        raise PermissionDenied(NO_POST)
    raw = request.GET.get("organ", "")
    if not raw:
        return organs[0], organs
    chosen = next((o for o in organs if str(o.pk) == raw), None)
    if chosen is None:
        raise Http404("没有找到该机关。")
    return chosen, organs


def _columns() -> list[dict[str, str]]:
    return [{"key": f.value, "label": str(f.label), "unit": UNITS[f.value]} for f in Figure]


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today)
    root, organs = _root(request)
    totals = selectors.subtree_totals(root, year)
    editable = selectors.editable_ids(request.user)
    lines = [
        {
            "line": line,
            "indent": "　" * line.depth,
            "cells": [line.values[k] for k in FIGURES] if line.values else None,
        }
        for line in totals.lines
    ]
    context: dict[str, Any] = {
        "year": year,
        "years": list(range(today.year, rules.FIRST_YEAR - 1, -1)),
        "root": root,
        "organs": organs,
        "totals": totals,
        "total_cells": [totals.totals[k] for k in FIGURES],
        "lines": lines,
        "columns": _columns(),
        "editable": editable,
    }
    return render(request, "workforce/staff/index.html", context)


def _organ_for_entry(request: HttpRequest, pk: int) -> Organ:
    organ = get_object_or_404(Organ, pk=pk)
    require_roles(request.user, organ, services.ENTRANTS, message=services.NOT_ALLOWED)
    return organ


@never_cache
@login_required
def edit(request: HttpRequest, organ_pk: int, year: int) -> HttpResponse:
    today = timezone.localdate()
    organ = _organ_for_entry(request, organ_pk)
    refusal = rules.year_refusal(year, today=today)
    row = selectors.figures_of(organ, year)
    form = FiguresForm(
        request.POST or None, request.FILES or None, initial=FiguresForm.initial_of(row)
    )
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
    elif request.method == "POST" and form.is_valid():
        files: list[tuple[str, File]] = [
            (f.name or "", f) for f in request.FILES.getlist("evidence")
        ]
        try:
            services.figures_save(
                actor=request.user,
                organ=organ,
                year=year,
                values=form.figures_input(),
                files=files,
                today=today,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已保存{organ.name}{year}年的人员、经费和培训情况。")
            return redirect(f"{reverse('workforce:index')}?year={year}")
    if request.method == "POST" and form.errors:
        messages.error(request, "填报内容有误，未保存，请按提示修改。")
    context = {
        "organ": organ,
        "year": year,
        "row": row,
        "form": form,
        "refusal": refusal,
        "pairs": [(form[key], form[f"{key}_source"]) for key in FIGURES],
    }
    status = 400 if request.method == "POST" and (form.errors or refusal) else 200
    return render(request, "workforce/staff/edit.html", context, status=status)


@never_cache
@login_required
def export(request: HttpRequest) -> HttpResponse:
    year = _year(request, timezone.localdate())
    root, _ = _root(request)
    totals = selectors.subtree_totals(root, year)
    title = f"{root.name}（含下级机关）{year}年政府信息公开工作人员、经费和培训情况"
    response = HttpResponse(
        totals_xlsx(totals, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="workforce-{year}.xlsx"'
    return response


def _evidence(request: HttpRequest, pk: int) -> WorkforceEvidence:
    evidence = get_object_or_404(WorkforceEvidence.objects.select_related("figures__organ"), pk=pk)
    if not selectors.may_read(request.user, evidence.figures.organ):
        raise Http404("没有找到该文件。")
    return evidence


@never_cache  # an evidence file may carry names: never kept by a browser or proxy cache
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = _evidence(request, pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@require_POST
@login_required
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    row = evidence.figures
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, f"已删除佐证材料“{evidence.name}”。")
    return redirect("workforce:edit", row.organ_id, row.year)
