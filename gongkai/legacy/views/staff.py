"""Back office of the legacy import (/office/legacy/): the runs of the organs a 公开办管理员
manages, and each run's pages with what could not be mapped. Read-only: imports are started
from the command line (`gongkai import site …`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from gongkai.legacy import selectors
from gongkai.legacy.models import Outcome


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not selectors.managed_organs(request.user):
        raise PermissionDenied(selectors.DENIED)
    page = Paginator(selectors.runs_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "legacy/index.html", {"page": page, "runs": page.object_list})


@never_cache
@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    if run is None:
        raise PermissionDenied(selectors.DENIED)
    outcome = request.GET.get("outcome", "")
    pages = run.pages.select_related("item").order_by("id")
    if outcome in Outcome.values:
        pages = pages.filter(outcome=outcome)
    page = Paginator(pages, 50).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "pages": page.object_list,
        "outcome": outcome,
        "outcomes": Outcome.choices,
    }
    return render(request, "legacy/run.html", context)
