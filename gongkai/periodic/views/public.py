"""Public pages of the periodic disclosure: per organ, its 重点领域 schedules and published
datasets; a dataset as an accessible table (caption, column headers with scope, a summary) with
CSV and XLSX downloads (cells defused, `tables.py`)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.periodic import selectors
from gongkai.periodic.models import Dataset, DatasetStatus
from gongkai.periodic.tables import csv_bytes, xlsx_bytes

#: The public page shows at most this many rows; the downloads carry them all.
SHOW_ROWS = 500


def index(request: HttpRequest) -> HttpResponse:
    organs = selectors.public_organs()
    recent = selectors.public_datasets()[:20]
    return render(request, "periodic/public/index.html", {"organs": organs, "recent": recent})


def organ(request: HttpRequest, pk: int) -> HttpResponse:
    organ = get_object_or_404(Organ, pk=pk)
    today = timezone.localdate()
    rows = []
    for schedule in selectors.public_schedules(organ):
        latest = [
            r
            for r in selectors.schedule_rows(
                schedule, start=today - timedelta(days=400), end=today, today=today
            )
            if r.due_on is not None and r.due_on <= today
        ]
        rows.append((schedule, latest[-1] if latest else None))
    context = {"organ": organ, "rows": rows, "datasets": selectors.public_datasets(organ=organ)}
    return render(request, "periodic/public/organ.html", context)


def _published(pk: int) -> Dataset:
    return get_object_or_404(
        Dataset.objects.select_related("organ", "schedule"), pk=pk, status=DatasetStatus.PUBLISHED
    )


def dataset(request: HttpRequest, pk: int) -> HttpResponse:
    ds = _published(pk)
    context = {
        "dataset": ds,
        "columns": ds.column_names,
        "rows": ds.rows[:SHOW_ROWS],
        "truncated": ds.row_count > SHOW_ROWS,
        "show_rows": SHOW_ROWS,
    }
    return render(request, "periodic/public/dataset.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dataset_csv(request: HttpRequest, pk: int) -> HttpResponse:
    ds = _published(pk)
    return _attachment(
        csv_bytes(ds.column_names, ds.rows), "text/csv; charset=utf-8", f"dataset-{ds.pk}.csv"
    )


def dataset_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    ds = _published(pk)
    return _attachment(
        xlsx_bytes(ds.title, ds.column_names, ds.rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"dataset-{ds.pk}.xlsx",
    )
