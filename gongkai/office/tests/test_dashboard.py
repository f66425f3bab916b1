"""工作台 and its lists: my drafts, 待我处理 by role, Art. 26 deadlines, 政策解读 gaps."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import ItemKind
from gongkai.catalog.selectors import publication_due
from gongkai.catalog.services import workflow


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_dashboard_lists_by_role(login, staff, make_draft) -> None:
    make_draft(title="我的草稿甲")
    in_secrecy = workflow.item_submit(actor=staff["editor"], item=make_draft(title="待保密审查乙"))
    waiting = workflow.item_submit(actor=staff["editor"], item=make_draft(title="待签发丙"))
    workflow.item_pass_secrecy(actor=staff["secrecy"], item=waiting, opinion="经审查，同意公开。")

    editor = login(staff["editor"]).get(reverse("office:dashboard"))
    text = editor.content.decode()
    assert "我的草稿甲" in text and 'id="count-drafts">1<' in text
    assert 'id="count-pending">0<' in text

    def pending_for(role: str) -> str:
        html = login(staff[role]).get(reverse("office:dashboard")).content.decode()
        return _section(html, "h-pending")

    text = pending_for("secrecy")
    assert in_secrecy.title in text and "待签发丙" not in text
    text = pending_for("approver")
    assert "待签发丙" in text and in_secrecy.title not in text
    text = pending_for("reviewer")
    assert "待签发丙" in text and in_secrecy.title in text
    html = login(staff["reviewer"]).get(reverse("office:dashboard")).content.decode()
    assert 'id="count-pending">2<' in html
    listing = login(staff["secrecy"]).get(reverse("office:pending")).content.decode()
    assert in_secrecy.title in listing and "待签发丙" not in listing


def test_overdue_items_show_due_date_and_days(login, staff, make_draft) -> None:
    late = make_draft(title="拖了很久的通知", formed_on=timezone.localdate() - timedelta(days=90))
    page = login(staff["editor"]).get(reverse("office:dashboard")).content.decode()
    assert "拖了很久的通知" in page and 'id="count-overdue">1<' in page
    due = publication_due(late)
    assert due is not None and f"{due:%Y-%m-%d}" in page
    assert "已超期" in page
    item_page = login(staff["editor"]).get(reverse("office:item", args=[late.pk])).content.decode()
    assert f"{due:%Y-%m-%d}" in item_page and "已超期" in item_page

    listing = login(staff["editor"]).get(reverse("office:timeliness"), {"status": "draft"})
    assert "拖了很久的通知" in listing.content.decode()
    listing = login(staff["editor"]).get(reverse("office:timeliness"), {"status": "scheduled"})
    assert "拖了很久的通知" not in listing.content.decode()


def test_policy_without_interpretation_is_listed(login, staff, make_draft, publish) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        policy = publish(make_draft(title="就业补贴政策", kind=ItemKind.POLICY))
    page = login(staff["editor"]).get(reverse("office:dashboard")).content.decode()
    assert "就业补贴政策" in page and 'id="count-policies">1<' in page
    listing = login(staff["editor"]).get(reverse("office:interpretations"))
    assert "就业补贴政策" in listing.content.decode()

    # Once its interpretation is published the gap disappears.
    interp = make_draft(title="解读", kind=ItemKind.INTERPRETATION, interprets=policy)
    publish(interp)
    page = login(staff["editor"]).get(reverse("office:dashboard")).content.decode()
    assert 'id="count-policies">0<' in page


def test_lists_filter_and_paginate(login, staff, make_draft, make_organ, make_user) -> None:
    for i in range(23):
        make_draft(title=f"草稿{i:02d}")
    client = login(staff["editor"])
    first = client.get(reverse("office:drafts")).content.decode()
    assert "第 1 / 2 页" in first and "共 23 条" in first
    second = client.get(reverse("office:drafts"), {"page": 2}).content.decode()
    assert second.count("草稿") >= 3
    only = client.get(reverse("office:drafts"), {"q": "草稿07"}).content.decode()
    assert "草稿07" in only and "草稿08" not in only
    none = client.get(reverse("office:items"), {"status": "published"}).content.decode()
    assert "没有符合条件的信息" in none
    bad = client.get(reverse("office:items"), {"organ": "abc", "page": "zz"})
    assert bad.status_code == 200  # bad filter values are ignored, not a 500


def _dashboard_queries(client) -> int:
    """Queries of one dashboard view, not counting the work calendar's version lookup.

    `selectors.timeliness_rows` asks `default_calendar()` once per row (a one-row version
    check in the calendar store); everything the office adds must not grow with the rows.
    """
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("office:dashboard")).status_code == 200
    return sum("core_calendarversion" not in q["sql"] for q in ctx.captured_queries)


def test_dashboard_query_count_is_bounded(
    login, staff, make_draft, django_assert_max_num_queries
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            make_draft(title=f"稿{i}", formed_on=timezone.localdate() - timedelta(days=40))
            submitted = workflow.item_submit(actor=staff["editor"], item=make_draft())
            workflow.item_pass_secrecy(
                actor=staff["secrecy"], item=submitted, opinion="经审查，同意公开。"
            )

    client = login(staff["reviewer"])
    add(2)
    small = _dashboard_queries(client)
    add(8)
    assert _dashboard_queries(client) == small  # no query per row
    # 20 due rows: a fixed budget plus, for now, the per-row calendar version check above.
    with django_assert_max_num_queries(small + 20 + 2):
        client.get(reverse("office:dashboard"))


def test_login_page_shows_platform_name(client, settings) -> None:
    response = client.get("/office/login/")
    assert settings.GONGKAI["SITE_NAME"] in response.content.decode()
    assert ">testserver<" not in response.content.decode()
