"""City 公开办 pages: who in the subtree has not published by the deadline, the 全市 summary,
and the quarterly statistics (季报)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.reports import services
from gongkai.reports.deadlines import deadline_rows
from gongkai.reports.forms import QuarterForm
from gongkai.reports.selectors import quarterly_submitted
from gongkai.reports.views.office import _admin_organs


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    by_pk = {o.pk: o for o in organs}
    # Top-most organs first: a city 公开办 sees its whole subtree.
    roots = [o for o in organs if not any(o.path.startswith(p.path) and o != p for p in organs)]
    root = by_pk.get(_int(request.GET.get("organ"), roots[0].pk), roots[0])
    year = _int(request.GET.get("year"), timezone.localdate().year - 1)
    if not 2008 <= year <= 2100:
        year = timezone.localdate().year - 1
    rows = deadline_rows(root, year)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    context: dict[str, Any] = {
        "roots": roots,
        "root": root,
        "year": year,
        "rows": rows,
        "counts": counts,
        "missing": [r for r in rows if r.state == "overdue"],
    }
    return render(request, "reports/deadlines.html", context)


@login_required
def quarterly(request: HttpRequest) -> HttpResponse:
    organs = _admin_organs(request)
    today = timezone.localdate()
    last_quarter = (today.month - 1) // 3 or 4
    initial = {
        "organ": organs[0].pk,
        "year": today.year if last_quarter != 4 else today.year - 1,
        "quarter": last_quarter,
    }
    form = QuarterForm(request.POST or None, organs=organs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stats = services.quarterly_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{stats}的统计数据已报送。")
            return redirect("reports:quarterly")
    submitted = quarterly_submitted(organs)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/quarterly.html", {"form": form, "submitted": submitted}, status=status
    )
