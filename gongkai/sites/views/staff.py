"""Back office of the sites (/office/sites/): list, add and change sites and their host names,
without a deploy. Login required in every view; the services check the roles again. A refused
save comes back to the form with its Chinese messages, nothing written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from gongkai.sites import selectors, services
from gongkai.sites.forms import SiteForm
from gongkai.sites.models import Site


def _guard(request: HttpRequest) -> None:
    if not selectors.can_manage(request.user):
        raise PermissionDenied(services.MANAGER_MESSAGE)


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _guard(request)
    return render(request, "sites/staff/index.html", {"sites": list(selectors.sites_listed())})


@never_cache
@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _guard(request)
    site = get_object_or_404(Site, pk=pk) if pk is not None else None
    organs = selectors.root_organ_choices(request.user)
    if request.method == "POST":
        form = SiteForm(request.POST, organs=organs)
        if form.is_valid():
            try:
                saved = services.site_save(actor=request.user, site=site, fields=form.site_fields())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"网站“{saved.name}”已保存，新的设置立即生效。")
                return redirect("office_sites:index")
    else:
        initial = SiteForm.initial_of(site) if site is not None else {}
        form = SiteForm(initial=initial, organs=organs)
    return render(request, "sites/staff/edit.html", {"form": form, "site": site})
