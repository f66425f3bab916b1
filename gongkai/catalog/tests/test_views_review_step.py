"""The 审核 step and returned drafts in the back office (issue 13 §1–2): buttons, 工作台,
我的稿件 and the draft page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.catalog.models import Item, Status
from gongkai.catalog.services import workflow


def _url(name: str, item: Item) -> str:
    return reverse(f"office:{name}", args=[item.pk])


@pytest.fixture
def reviewed(organ: Any) -> Any:
    organ.review_step = True
    organ.save()
    return organ


@pytest.mark.usefixtures("reviewed")
def test_submit_then_review_through_the_pages(login, staff, make_draft) -> None:
    item = make_draft()
    page = login(staff["editor"]).get(_url("item", item)).content.decode()
    assert ">提交审核</button>" in page and ">提交保密审查</button>" not in page
    response = login(staff["editor"]).post(_url("item_submit", item), follow=True)
    assert "已提交审核" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PENDING_REVIEW

    client = login(staff["reviewer"])
    dashboard = client.get(reverse("office:dashboard")).content.decode()
    pending = dashboard[dashboard.index('id="h-pending"') :]
    assert item.title in pending.split("</section>")[0]
    page = client.get(_url("item", item)).content.decode()
    assert ">审核通过</button>" in page and ">退回</button>" in page
    assert "保密审查通过" not in page
    response = client.post(_url("item_approve_review", item), {"review-comment": "同意"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.SECRECY_REVIEW


def test_without_the_review_step_the_button_says_secrecy(login, staff, make_draft) -> None:
    page = login(staff["editor"]).get(_url("item", make_draft())).content.decode()
    assert ">提交保密审查</button>" in page and ">提交审核</button>" not in page


def test_new_item_button_only_for_those_who_may_draft(login, staff) -> None:
    for role, shown in [("editor", True), ("reviewer", False), ("secrecy", False)]:
        html = login(staff[role]).get(reverse("office:dashboard")).content.decode()
        link = f'href="{reverse("office:item_create")}"'
        assert (link in html) is shown, role
    # The page itself still refuses a direct visit, with its reason.
    response = login(staff["reviewer"]).get(reverse("office:item_create"))
    assert response.status_code == 403


@pytest.mark.usefixtures("reviewed")
def test_a_returned_draft_shows_as_returned_with_its_comment(login, staff, make_draft) -> None:
    returned = workflow.item_submit(actor=staff["editor"], item=make_draft(title="被退回的通知"))
    client = login(staff["reviewer"])
    response = client.post(_url("item_return", returned), {"comment": "第二段表述需与上级文件一致"})
    assert response.status_code == 302
    make_draft(title="普通草稿")

    client = login(staff["editor"])
    page = client.get(_url("item", returned)).content.decode()
    top = page[: page.index('id="h-actions"')]  # above the buttons, not only in 办理记录
    assert 'id="returned"' in top and "第二段表述需与上级文件一致" in top
    assert "待审核" in top  # the step it was returned from

    dashboard = client.get(reverse("office:dashboard")).content.decode()
    assert 'id="count-returned">1<' in dashboard and 'id="count-drafts">1<' in dashboard
    section = dashboard[dashboard.index('id="h-returned"') :].split("</section>")[0]
    assert "被退回的通知" in section and "已退回" in section and "普通草稿" not in section

    mine = client.get(reverse("office:drafts"), {"status": "returned"}).content.decode()
    assert "被退回的通知" in mine and "普通草稿" not in mine
    assert '<option value="returned" selected>已退回</option>' in mine
    drafts = client.get(reverse("office:drafts"), {"status": "draft"}).content.decode()
    assert "普通草稿" in drafts and "被退回的通知" not in drafts

    # Submitted again: no longer 已退回.
    client.post(_url("item_submit", returned))
    dashboard = client.get(reverse("office:dashboard")).content.decode()
    assert 'id="count-returned">0<' in dashboard
    page = client.get(_url("item", returned)).content.decode()
    assert 'id="returned"' not in page
