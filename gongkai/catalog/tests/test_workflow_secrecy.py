"""保密审查 (issue 13 point 4): 须删改 returns the draft with the findings listed, the scanner runs
again on resubmission, and passing needs a written 保密审查意见 that stays in the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog.models import Item, ScanFinding, Status
from gongkai.catalog.services import workflow
from gongkai.catalog.services.workflow import ItemNotReady
from gongkai.core.models import AuditEvent

ID_NUMBER = "11010519491231002X"
OPINION = "经审查，不涉及国家秘密、工作秘密和个人隐私，同意公开。"


@pytest.fixture(autouse=True)
def straight_to_secrecy(organ: Any) -> None:
    """These tests start at 保密审查: the organ's 审核 step (issue 13 point 1) is switched off."""
    organ.review_step = False
    organ.save(update_fields=["review_step"])


@pytest.fixture
def in_review(make_draft: Any, staff: dict[str, Any]) -> Item:
    """A draft with an ID number and a mobile in its body, waiting for 保密审查."""
    body = f"<p>申请人身份证号{ID_NUMBER}，电话13812345678。</p>"
    item = workflow.item_submit(actor=staff["editor"], item=make_draft(body=body))
    assert item.status == Status.SECRECY_REVIEW
    return item


def _url(name: str, item: Item, *args: int) -> str:
    return reverse(f"office:{name}", args=[item.pk, *args])


# ---- services ------------------------------------------------------------------------------


def test_must_change_returns_the_draft_with_the_findings_listed(in_review, staff) -> None:
    id_finding = in_review.findings.get(kind="id_number")
    mobile = in_review.findings.get(kind="mobile")
    workflow.finding_require_change(actor=staff["secrecy"], finding=id_finding)
    workflow.finding_acknowledge(actor=staff["secrecy"], finding=mobile)
    with pytest.raises(ItemNotReady, match="须删改"):
        workflow.item_pass_secrecy(actor=staff["secrecy"], item=in_review, opinion=OPINION)

    item = workflow.item_require_changes(
        actor=staff["secrecy"], item=in_review, comment="请删去身份证号。"
    )
    assert item.status == Status.DRAFT
    event = AuditEvent.objects.for_object(item).filter(action="item.return").get()
    assert event.from_state == Status.SECRECY_REVIEW and event.to_state == Status.DRAFT
    assert event.comment.startswith("请删去身份证号。\n保密审查：以下 1 处须删改")
    assert "身份证号码（正文）：110105********002X" in event.comment
    assert ID_NUMBER not in event.comment and "138****5678" not in event.comment
    marked = AuditEvent.objects.for_object(item).filter(action="finding.require_change")
    assert marked.count() == 1


def test_resubmission_runs_the_scanner_again(in_review, staff) -> None:
    finding = in_review.findings.get(kind="id_number")
    workflow.finding_require_change(actor=staff["secrecy"], finding=finding)
    workflow.finding_acknowledge(
        actor=staff["secrecy"], finding=in_review.findings.get(kind="mobile")
    )
    item = workflow.item_require_changes(actor=staff["secrecy"], item=in_review)

    # Resubmitted unchanged: the ID number is found again, open for the reviewer.
    item = workflow.item_submit(actor=staff["editor"], item=item)
    again = item.findings.get(kind="id_number")
    assert again.pk != finding.pk and again.is_open
    assert item.findings.filter(must_change_at__isnull=False).count() == 0
    assert item.findings.get(kind="mobile").acknowledged_at is not None  # decided, kept

    # Fixed: nothing left to decide, and the reviewer passes with an opinion.
    workflow.finding_require_change(actor=staff["secrecy"], finding=again)
    item = workflow.item_require_changes(actor=staff["secrecy"], item=item)
    item.body = "<p>申请人身份证号（已删除），电话13812345678。</p>"
    item.save(update_fields=["body"])
    item = workflow.item_submit(actor=staff["editor"], item=item)
    assert not item.findings.filter(kind="id_number").exists()
    item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion=OPINION)
    assert item.status == Status.AWAITING_APPROVAL


def test_require_changes_needs_a_marked_finding_and_the_secrecy_role(in_review, staff) -> None:
    with pytest.raises(ValidationError, match="没有标记为须删改"):
        workflow.item_require_changes(actor=staff["secrecy"], item=in_review)
    finding = in_review.findings.get(kind="id_number")
    with pytest.raises(PermissionDenied):
        workflow.finding_require_change(actor=staff["editor"], finding=finding)
    workflow.finding_require_change(actor=staff["secrecy"], finding=finding)
    with pytest.raises(PermissionDenied):
        workflow.item_require_changes(actor=staff["approver"], item=in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.SECRECY_REVIEW


def test_must_change_only_while_in_secrecy_review(make_draft, staff) -> None:
    item = make_draft(body=f"<p>{ID_NUMBER}</p>")
    finding = ScanFinding.objects.create(item=item, kind="id_number", source="正文", excerpt="x")
    with pytest.raises(ValidationError, match="不在保密审查环节"):
        workflow.finding_require_change(actor=staff["secrecy"], finding=finding)
    assert ScanFinding.objects.get(pk=finding.pk).must_change_at is None


def test_acknowledging_a_must_change_finding_changes_the_decision(in_review, staff) -> None:
    finding = in_review.findings.get(kind="id_number")
    workflow.finding_require_change(actor=staff["secrecy"], finding=finding)
    finding = workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    assert finding.must_change_at is None and finding.acknowledged_at is not None
    finding = workflow.finding_require_change(actor=staff["secrecy"], finding=finding)
    assert finding.must_change_at is not None and finding.acknowledged_at is None


@pytest.mark.parametrize("opinion", ["", "   \n "])
def test_passing_needs_a_written_opinion(in_review, staff, opinion) -> None:
    for finding in in_review.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    with pytest.raises(ValidationError, match="必须填写保密审查意见"):
        workflow.item_pass_secrecy(actor=staff["secrecy"], item=in_review, opinion=opinion)
    in_review.refresh_from_db()
    assert in_review.status == Status.SECRECY_REVIEW
    assert not AuditEvent.objects.for_object(in_review).filter(action="item.pass_secrecy")


def test_the_opinion_is_the_comment_of_the_pass_event(in_review, staff) -> None:
    for finding in in_review.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    workflow.item_pass_secrecy(actor=staff["secrecy"], item=in_review, opinion=f"  {OPINION} ")
    event = AuditEvent.objects.for_object(in_review).get(action="item.pass_secrecy")
    assert event.comment == OPINION and event.actor == staff["secrecy"]


# ---- pages ---------------------------------------------------------------------------------


def test_officer_marks_must_change_and_returns_through_the_page(login, in_review, staff) -> None:
    client = login(staff["secrecy"])
    page = client.get(_url("item", in_review)).content.decode()
    assert ">须删改</button>" in page and ">确认</button>" in page
    finding = in_review.findings.get(kind="id_number")
    client.post(_url("finding_require_change", in_review, finding.pk))
    page = client.get(_url("item", in_review)).content.decode()
    assert "按须删改意见退回" in page and "<strong>须删改</strong>" in page

    # Passing now is refused with the reason, nothing moves.
    response = client.post(_url("item_pass", in_review), {"opinion": OPINION})
    assert response.status_code == 200 and "标记为须删改，不能通过" in response.content.decode()
    response = client.post(_url("item_require_changes", in_review), {"comment": ""}, follow=True)
    assert "已按须删改意见退回拟稿人" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.DRAFT

    # The drafter sees what must change at the top of the draft, masked.
    page = login(staff["editor"]).get(_url("item", in_review)).content.decode()
    top = page.split('id="must-change"')[1].split("</div>")[0]
    assert "身份证号码（正文）" in top and "110105********002X" in top
    assert ID_NUMBER not in page


def test_pass_form_requires_the_opinion_and_the_page_shows_it(login, in_review, staff) -> None:
    client = login(staff["secrecy"])
    for finding in in_review.findings.all():
        client.post(_url("finding_acknowledge", in_review, finding.pk))
    response = client.post(_url("item_pass", in_review), {"opinion": " "})
    text = response.content.decode()
    assert response.status_code == 200 and "保密审查通过时必须填写保密审查意见" in text
    assert 'id="id_opinion_error"' in text  # the message sits with the field
    in_review.refresh_from_db()
    assert in_review.status == Status.SECRECY_REVIEW

    client.post(_url("item_pass", in_review), {"opinion": OPINION})
    in_review.refresh_from_db()
    assert in_review.status == Status.AWAITING_APPROVAL
    page = login(staff["approver"]).get(_url("item", in_review)).content.decode()
    shown = page.split('id="secrecy-opinion">')[1].split("</td>")[0]
    assert OPINION in shown and staff["secrecy"].username in shown
    timeline = page.split('id="h-timeline"')[1]
    assert OPINION in timeline


def test_preview_masks_what_the_findings_mask(login, make_draft, staff) -> None:
    body = f"<p>申请人身份证号{ID_NUMBER}，电话<b>138</b>12345678。</p>"
    item = make_draft(body=body, summary=f"联系人身份证号{ID_NUMBER}")
    item = workflow.item_submit(actor=staff["editor"], item=item)
    page = login(staff["secrecy"]).get(_url("item", item)).content.decode()
    preview = page.split('class="body-preview">')[1].split("</div>")[0]
    assert ID_NUMBER not in page  # neither the preview nor the 内容概述
    assert "13812345678" not in preview.replace("<b>", "").replace("</b>", "")
    for finding in item.findings.filter(source="正文"):
        assert finding.excerpt in preview
    assert preview.count('<mark class="scan-hit') == 2
    assert 'id="preview-masked"' in page


def test_a_suspected_id_number_is_a_low_severity_finding(login, make_draft, staff) -> None:
    item = make_draft(body="<p>编号110105194912310021</p>")
    item = workflow.item_submit(actor=staff["editor"], item=item)
    page = login(staff["secrecy"]).get(_url("item", item)).content.decode()
    row = page.split(f'id="finding-{item.findings.get().pk}"')[1].split("</tr>")[0]
    assert "疑似身份证号" in row and "提示" in row and "110105********0021" in row
    assert "110105194912310021" not in page
