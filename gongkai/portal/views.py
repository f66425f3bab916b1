"""Public portal views (read-only; everything goes through catalog selectors)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Attachment, Column
from gongkai.catalog.selectors import public_item_pages, public_items
from gongkai.portal.prefs import LARGE_COOKIE, SCRIPT_COOKIE

ONE_YEAR = 365 * 24 * 3600


def home(request: HttpRequest) -> HttpResponse:
    latest = public_items().select_related("organ", "column")[:20]
    return render(request, "portal/home.html", {"latest": latest})


def column(request: HttpRequest, pk: int) -> HttpResponse:
    col = get_object_or_404(Column.objects.select_related("organ"), pk=pk, is_active=True)
    items = public_items().filter(column__in=[col, *col.children.all()]).select_related("organ")
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(request, "portal/column.html", {"column": col, "page": page})


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        public_item_pages().select_related("organ", "column", "topic", "genre"), pk=pk
    )
    return render(request, "portal/item.html", {"item": item})


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if not public_items().filter(pk=attachment.item_id).exists():
        raise Http404("附件不存在或已撤回")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


@require_POST
def set_script(request: HttpRequest) -> HttpResponse:
    response = _back(request)
    value = "hant" if request.POST.get("script") == "hant" else "hans"
    response.set_cookie(SCRIPT_COOKIE, value, max_age=ONE_YEAR, samesite="Lax")
    return response


@require_POST
def set_large(request: HttpRequest) -> HttpResponse:
    response = _back(request)
    value = "1" if request.POST.get("large") == "1" else "0"
    response.set_cookie(LARGE_COOKIE, value, max_age=ONE_YEAR, samesite="Lax")
    return response
