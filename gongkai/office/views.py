"""Back-office 工作台 and its lists: my drafts, 待我处理, Art. 26 timeliness, 政策解读 gaps.

Domain pages live in each app's views (catalog: `gongkai.catalog.views.staff*`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.catalog.models import Item, Status
from gongkai.catalog.selectors import (
    DueRow,
    due_soon_and_overdue,
    items_visible_to,
    policies_without_interpretation,
)
from gongkai.inbox.selectors import latest_unread
from gongkai.office.application_counters import application_counters
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organ_q, organs_for, request_roles

PAGE_SIZE = 20
DASHBOARD_ROWS = 8
IN_REVIEW = [
    Status.PENDING_REVIEW,
    Status.SECRECY_REVIEW,
    Status.AWAITING_APPROVAL,
    Status.RESTORE_REVIEW,
]
#: 我的稿件's own filter value for drafts sent back (a draft with `returned_at`), not a status.
RETURNED = "returned"


def pending_q(request: HttpRequest) -> Q:
    """待我处理: items waiting for an action one of my roles allows in their organ (待审核 for
    审核, 待签发 and 恢复发布 and proposed 有效性 changes for 签发; 审核 may still 退回 later)."""
    user, roles = request.user, request_roles(request)
    approver = organ_q(user, roles, Role.APPROVER)
    return (
        (Q(status=Status.PENDING_REVIEW) & organ_q(user, roles, Role.REVIEWER))
        | (Q(status=Status.SECRECY_REVIEW) & organ_q(user, roles, Role.SECRECY))
        | (Q(status__in=[Status.AWAITING_APPROVAL, Status.RESTORE_REVIEW]) & approver)
        | (~Q(validity_proposed="") & approver)
        | (
            Q(status__in=[Status.SECRECY_REVIEW, Status.AWAITING_APPROVAL])
            & organ_q(user, roles, Role.REVIEWER)
        )
    )


def by_status(qs: QuerySet[Item], status: str) -> QuerySet[Item]:
    """Filter by a list's status choice: 草稿 and 已退回 are the two kinds of draft."""
    if status == RETURNED:
        return qs.filter(status=Status.DRAFT, returned_at__isnull=False)
    if status == Status.DRAFT:
        return qs.filter(status=Status.DRAFT, returned_at__isnull=True)
    return qs.filter(status=status)


def _visible(request: HttpRequest) -> QuerySet[Item]:
    return items_visible_to(request.user).select_related("organ", "column", "created_by")


def _pending(request: HttpRequest) -> QuerySet[Item]:
    return _visible(request).filter(pending_q(request))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    visible = _visible(request)
    mine = visible.filter(created_by_id=request.user.pk)
    drafts = by_status(mine, Status.DRAFT).order_by("-updated_at")
    returned = by_status(mine, RETURNED).order_by("-returned_at")
    pending = visible.filter(pending_q(request)).order_by("updated_at")
    soon, overdue = due_soon_and_overdue(request.user)
    policies = policies_without_interpretation(request.user)
    context: dict[str, Any] = {
        "drafts": list(drafts[:DASHBOARD_ROWS]),
        "returned": list(returned[:DASHBOARD_ROWS]),
        "pending": list(pending[:DASHBOARD_ROWS]),
        "soon": soon[:DASHBOARD_ROWS],
        "overdue": overdue[:DASHBOARD_ROWS],
        "policies": policies[:DASHBOARD_ROWS],
        "counts": {
            "drafts": drafts.count(),
            "returned": returned.count(),
            "pending": pending.count(),
            "soon": len(soon),
            "overdue": len(overdue),
            "policies": len(policies),
        },
        "page_size": DASHBOARD_ROWS,
        # 依申请公开 counters (handlers only) and the newest unread notices (issue 13 §8).
        "apps": application_counters(request.user, rows=DASHBOARD_ROWS),
        "notices": latest_unread(request.user),
    }
    return render(request, "office/dashboard.html", context)


class ListFilter(forms.Form):
    """GET filters shared by the list pages (works without JS: a plain 筛选 button)."""

    organ = forms.TypedChoiceField(label="发布机构", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False)
    q = forms.CharField(label="标题包含", required=False, max_length=100)

    def __init__(self, *args: Any, organs: Sequence[Organ], statuses: Sequence[str], **kw: Any):
        kw.setdefault("label_suffix", "")
        super().__init__(*args, **kw)
        organ_field = cast(forms.ChoiceField, self.fields["organ"])
        status_field = cast(forms.ChoiceField, self.fields["status"])
        organ_field.choices = [("", "全部机关"), *((o.pk, o.display_name) for o in organs)]
        labels = {**dict(Status.choices), RETURNED: "已退回"}
        status_field.choices = [("", "全部状态"), *((s, labels[s]) for s in statuses)]
        if len(statuses) <= 1:
            del self.fields["status"]

    def value(self, name: str) -> Any:
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None


def _filter(request: HttpRequest, statuses: Sequence[str]) -> ListFilter:
    organs = list(organs_for(request.user).order_by("tree_key"))
    return ListFilter(request.GET or None, organs=organs, statuses=statuses)


def _page(request: HttpRequest, rows: Any) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _item_list(
    request: HttpRequest, qs: QuerySet[Item], *, title: str, statuses: Sequence[str], empty: str
) -> HttpResponse:
    flt = _filter(request, statuses)
    if (organ := flt.value("organ")) is not None:
        qs = qs.filter(organ_id=organ)
    if (status := flt.value("status")) is not None:
        qs = by_status(qs, status)
    if (q := flt.value("q")) is not None:
        qs = qs.filter(title__icontains=q)
    context = {"title": title, "filter": flt, "page": _page(request, qs), "empty": empty}
    return render(request, "office/item_list.html", context)


@login_required
def drafts_list(request: HttpRequest) -> HttpResponse:
    return _item_list(
        request,
        _visible(request).filter(created_by_id=request.user.pk).order_by("-updated_at"),
        title="我的稿件",
        statuses=[Status.DRAFT, RETURNED, *Status.values[1:]],
        empty="没有符合条件的稿件。",
    )


@login_required
def pending_list(request: HttpRequest) -> HttpResponse:
    return _item_list(
        request,
        _pending(request).order_by("updated_at"),
        title="待我处理",
        statuses=IN_REVIEW,
        empty="目前没有等待您处理的信息。",
    )


@login_required
def all_items_list(request: HttpRequest) -> HttpResponse:
    return _item_list(
        request,
        _visible(request).order_by("-updated_at", "-id"),
        title="全部信息",
        statuses=[Status.DRAFT, RETURNED, *Status.values[1:]],
        empty="没有符合条件的信息。",
    )


def _row_filter(request: HttpRequest, rows: list[DueRow], statuses: Sequence[str]) -> Any:
    flt = _filter(request, statuses)
    organ, status, q = flt.value("organ"), flt.value("status"), flt.value("q")
    rows = [
        r
        for r in rows
        if (organ is None or r.item.organ_id == organ)
        and (status is None or r.item.status == status)
        and (q is None or q in r.item.title)
    ]
    return flt, rows


@login_required
def timeliness_list(request: HttpRequest) -> HttpResponse:
    """Art. 26: unpublished 主动公开 items due within the window or already overdue."""
    soon, overdue = due_soon_and_overdue(request.user)
    statuses = [
        Status.DRAFT,
        Status.PENDING_REVIEW,
        Status.SECRECY_REVIEW,
        Status.AWAITING_APPROVAL,
        Status.SCHEDULED,
    ]
    flt, rows = _row_filter(request, overdue + soon, statuses)
    context = {"filter": flt, "page": _page(request, rows)}
    return render(request, "office/timeliness_list.html", context)


@login_required
def interpretation_list(request: HttpRequest) -> HttpResponse:
    """Published 政策文件 still without a 政策解读 after the configured working days."""
    flt, rows = _row_filter(request, policies_without_interpretation(request.user), [])
    context = {"filter": flt, "page": _page(request, rows)}
    return render(request, "office/interpretation_list.html", context)
