"""签发并发布 and 撤回 ask first (issue 13 point 5): without JavaScript the POST without
`confirm=1` answers with a 请确认 section and changes nothing; the question is the action
object's `confirm` text."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.catalog.actions import PublishAction, WithdrawAction
from gongkai.catalog.models import Item, Status
from gongkai.catalog.services import workflow
from gongkai.core.models import AuditEvent


@pytest.fixture(autouse=True)
def straight_to_secrecy(organ: Any) -> None:
    organ.review_step = False  # the 审核 step is not what these tests are about
    organ.save(update_fields=["review_step"])


@pytest.fixture
def awaiting(make_draft: Any, staff: dict[str, Any]) -> Item:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    return workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="同意公开。")


def _url(name: str, item: Item) -> str:
    return reverse(f"office:{name}", args=[item.pk])


def _confirm_box(html: str) -> str:
    return html.split('<section class="confirm-box"')[1].split("</section>")[0]


def test_publish_asks_first_then_publishes(login, staff, awaiting) -> None:
    client = login(staff["approver"])
    page = client.get(_url("item", awaiting)).content.decode()
    assert f'data-confirm="{PublishAction.confirm}"' in page  # the dialog's question (JS)

    response = client.post(_url("item_publish", awaiting))
    assert response.status_code == 200
    html = response.content.decode()
    box = _confirm_box(html)
    assert PublishAction.confirm in box
    assert 'name="confirm" value="1"' in box and ">确定签发并发布</button>" in box
    assert "autofocus" in html.split('<section class="confirm-box"')[1].split(">")[0]
    assert "<title>请确认：签发并发布" in html
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_APPROVAL and not awaiting.index_number

    client.post(_url("item_publish", awaiting), {"confirm": "1"})
    awaiting.refresh_from_db()
    assert awaiting.status == Status.PUBLISHED and awaiting.index_number


def test_withdraw_asks_first_and_carries_the_reason(login, staff, awaiting) -> None:
    workflow.item_publish(actor=staff["approver"], item=awaiting)
    client = login(staff["approver"])
    response = client.post(_url("item_withdraw", awaiting), {"reason": "内容有误，需重新发布"})
    box = _confirm_box(response.content.decode())
    assert WithdrawAction.confirm in box and "撤回原因：内容有误，需重新发布" in box
    assert 'name="reason" value="内容有误，需重新发布"' in box
    awaiting.refresh_from_db()
    assert awaiting.status == Status.PUBLISHED

    client.post(_url("item_withdraw", awaiting), {"reason": "内容有误，需重新发布", "confirm": "1"})
    awaiting.refresh_from_db()
    assert awaiting.status == Status.WITHDRAWN
    assert awaiting.withdrawn_reason == "内容有误，需重新发布"


def test_an_empty_reason_is_refused_before_asking(login, staff, awaiting) -> None:
    workflow.item_publish(actor=staff["approver"], item=awaiting)
    response = login(staff["approver"]).post(_url("item_withdraw", awaiting), {"reason": " "})
    html = response.content.decode()
    assert "撤回时必须填写撤回原因" in html and "confirm-box" not in html


def test_no_question_for_someone_who_may_not_publish(login, staff, awaiting) -> None:
    response = login(staff["secrecy"]).post(_url("item_publish", awaiting), follow=True)
    html = response.content.decode()
    assert "confirm-box" not in html and "没有执行此操作的岗位权限" in html
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_APPROVAL


def test_no_question_once_published(login, staff, awaiting) -> None:
    workflow.item_publish(actor=staff["approver"], item=awaiting)
    response = login(staff["approver"]).post(_url("item_publish", awaiting), follow=True)
    html = response.content.decode()
    assert "confirm-box" not in html and "该信息已发布" in html
    assert AuditEvent.objects.for_object(awaiting).filter(action="item.publish").count() == 1


def test_filing_a_non_public_item_does_not_ask(login, staff, make_draft) -> None:
    item = make_draft(attribute="on_request", attribute_basis="art19_not_proactive")
    item.attribute_reason = "不属于主动公开范围"
    item.save(update_fields=["attribute_reason"])
    item = workflow.item_submit(actor=staff["editor"], item=item)
    item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="同意。")
    login(staff["approver"]).post(_url("item_publish", item))
    item.refresh_from_db()
    assert item.status == Status.FILED
