"""The 审核 step (issue 13 §1) and returned drafts (§2): services and the table.

The test fixtures' organs skip 审核 (root conftest: `review_step=False`); here it is turned on,
as it is by default for a real organ.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog.models import Status
from gongkai.catalog.services import workflow
from gongkai.catalog.transitions import ITEM_MACHINE, TRANSITIONS, Event, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ, Role

OPINION = "经审查，同意公开。"
BODY_WITH_ID = "<p>联系人身份证号11010519491231002X。</p>"


@pytest.fixture
def reviewed(organ: Any) -> Any:
    organ.review_step = True
    organ.save()
    return organ


def test_the_organ_default_is_the_review_step() -> None:
    assert Organ._meta.get_field("review_step").default is True


def test_the_table_has_both_submit_paths_and_the_review_step() -> None:
    assert TRANSITIONS[(Status.DRAFT, Event.SUBMIT_FOR_REVIEW)] == Status.PENDING_REVIEW
    assert TRANSITIONS[(Status.DRAFT, Event.SUBMIT)] == Status.SECRECY_REVIEW
    assert TRANSITIONS[(Status.PENDING_REVIEW, Event.APPROVE_REVIEW)] == Status.SECRECY_REVIEW
    assert TRANSITIONS[(Status.PENDING_REVIEW, Event.RETURN)] == Status.DRAFT
    assert ITEM_MACHINE.roles[Event.APPROVE_REVIEW] == {Role.REVIEWER}
    # Submitting is the drafter's; 审核 is not (a reviewer only approves or returns).
    assert Role.REVIEWER not in ITEM_MACHINE.roles[Event.SUBMIT_FOR_REVIEW]


@pytest.mark.usefixtures("reviewed")
def test_submit_goes_to_review_and_the_scanner_runs_on_approval(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft(body=BODY_WITH_ID))
    assert item.status == Status.PENDING_REVIEW
    assert not item.findings.exists()  # the reviewer reads the draft; 保密审查 gets the scan
    with pytest.raises(PermissionDenied):
        workflow.item_approve_review(actor=staff["editor"], item=item)
    with pytest.raises(PermissionDenied):
        workflow.item_approve_review(actor=staff["secrecy"], item=item)
    item = workflow.item_approve_review(actor=staff["reviewer"], item=item, comment="同意")
    assert item.status == Status.SECRECY_REVIEW
    assert item.findings.filter(kind="id_number").exists()
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion=OPINION)
    item = workflow.item_publish(actor=staff["approver"], item=item)
    assert item.status == Status.PUBLISHED
    steps = list(AuditEvent.objects.for_object(item).values_list("action", "to_state"))
    assert ("item.submit_for_review", "pending_review") in steps
    assert ("item.approve_review", "secrecy_review") in steps
    row = AuditEvent.objects.for_object(item).get(action="item.approve_review")
    assert row.comment == "同意" and row.data == {"findings": 1}


@pytest.mark.usefixtures("reviewed")
def test_the_path_the_organ_does_not_use_is_refused_by_the_table(make_draft, staff) -> None:
    item = make_draft()
    with pytest.raises(InvalidTransition, match="须经审核"):
        ITEM_MACHINE.check(staff["editor"], item, Event.SUBMIT)
    item.organ.review_step = False
    with pytest.raises(InvalidTransition, match="未启用审核"):
        ITEM_MACHINE.check(staff["editor"], item, Event.SUBMIT_FOR_REVIEW)


def test_without_the_review_step_submit_goes_straight_to_secrecy(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft(body=BODY_WITH_ID))
    assert item.status == Status.SECRECY_REVIEW
    assert item.findings.exists()
    with pytest.raises(InvalidTransition):
        workflow.item_approve_review(actor=staff["reviewer"], item=item)


@pytest.mark.usefixtures("reviewed")
def test_an_incomplete_draft_is_refused_before_review(make_draft, staff) -> None:
    with pytest.raises(workflow.ItemNotReady, match="正文和附件不能都为空"):
        workflow.item_submit(actor=staff["editor"], item=make_draft(body=""))


@pytest.mark.usefixtures("reviewed")
def test_a_return_is_kept_on_the_draft_until_it_is_submitted_again(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    with pytest.raises(ValidationError):
        workflow.item_return(actor=staff["reviewer"], item=item, comment=" ")
    item.refresh_from_db()
    assert item.status == Status.PENDING_REVIEW and item.returned_at is None
    item = workflow.item_return(actor=staff["reviewer"], item=item, comment="请补充政策依据")
    assert item.status == Status.DRAFT and item.is_returned
    assert item.status_label == "已退回"
    assert item.returned_comment == "请补充政策依据"
    assert item.returned_by == staff["reviewer"]
    assert item.returned_from == Status.PENDING_REVIEW
    item = workflow.item_submit(actor=staff["editor"], item=item)
    assert not item.is_returned and item.returned_comment == "" and item.returned_by is None
    # The comment stays in the 办理记录.
    assert AuditEvent.objects.for_object(item).filter(comment="请补充政策依据").exists()


def test_returned_by_secrecy_records_the_step(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    item = workflow.item_return(actor=staff["secrecy"], item=item, comment="删去个人电话")
    assert item.returned_from == Status.SECRECY_REVIEW
    assert item.get_returned_from_display() == "待保密审查"
