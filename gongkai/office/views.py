"""Back-office shell: dashboard. Domain pages live in each app's views/staff.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.catalog.selectors import items_visible_to


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    mine = items_visible_to(request.user).filter(created_by_id=request.user.pk)[:20]
    return render(request, "office/dashboard.html", {"mine": mine})
