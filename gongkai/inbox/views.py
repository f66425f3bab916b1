"""The inbox page (/office/inbox/): a person's own notices, filtered, paged; open one, mark read.

Every view is for the signed-in person's notices only: another person's notice is a 404, as if it
did not exist (`selectors.notice_for`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gongkai.inbox import selectors, services

PAGE_SIZE = 20


def _list_url(show: str) -> str:
    url = reverse("inbox:list")
    return f"{url}?show={show}" if show else url


def _safe(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    show = selectors.show_for(request.GET.get("show"))
    notices = selectors.my_notices(request.user, show.key)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.unread_by_show(request.user)
    context = {
        "shows": [(s, counts[s.key]) for s in selectors.SHOWS],
        "current": show,
        "page": page,
        "unread_here": counts[show.key],
        "back": request.get_full_path(),
    }
    return render(request, "inbox/list.html", context)


@login_required
@require_GET
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice marks it read and goes to the page it is about."""
    notice = selectors.notice_for(request.user, pk)
    services.notice_mark_read(actor=request.user, notice=notice)
    if _safe(request, notice.link):
        return HttpResponseRedirect(notice.link)
    return redirect("inbox:list")


@login_required
@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for(request.user, pk)
    services.notice_mark_read(actor=request.user, notice=notice)
    messages.success(request, f"已将“{notice.title}”标为已读。")
    back = request.POST.get("next", "")
    return HttpResponseRedirect(back if _safe(request, back) else reverse("inbox:list"))


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every unread notice under the current filter as read."""
    show = selectors.show_for(request.POST.get("show"))
    n = services.notices_mark_all_read(
        actor=request.user, notices=selectors.my_notices(request.user, show.key)
    )
    messages.success(request, f"已将 {n} 条通知标为已读。" if n else "没有未读的通知。")
    return redirect(_list_url(show.key))
