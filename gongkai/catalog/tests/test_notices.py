"""The publishing workflow's notices (issue 13 §8): a draft waiting for a post tells its holders
(等我处理); a draft sent back tells its drafter (已退回); a step taken settles what waited."""

from __future__ import annotations

import pytest

from gongkai.catalog.models import Status
from gongkai.catalog.notices import item_notify, waiting_roles
from gongkai.catalog.services import workflow
from gongkai.inbox.models import Notice, NoticeKind
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import users_with_role


def test_waiting_roles_are_read_off_the_transition_table() -> None:
    assert waiting_roles(Status.SECRECY_REVIEW) == {Role.SECRECY}
    assert waiting_roles(Status.AWAITING_APPROVAL) == {Role.APPROVER}
    for done in [Status.DRAFT, Status.PUBLISHED, Status.FILED, Status.WITHDRAWN]:
        assert waiting_roles(done) == frozenset()
    # 待定时发布 waits for the clock (the system's release), not for a person.
    assert waiting_roles(Status.SCHEDULED) == frozenset()
    # Every other 待… state (待审核 too, once the table has it) waits for somebody.
    for status in Status:
        if status.label.startswith("待") and status != Status.SCHEDULED:
            assert waiting_roles(status), status


@pytest.fixture
def no_review_step(organ):
    organ.review_step = False  # the chain 草稿 → 待保密审查 → 待签发, whatever the default
    organ.save()
    return organ


def _open(user, kind=NoticeKind.WAITING) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user, kind=kind, settled_at__isnull=True))


@pytest.mark.usefixtures("no_review_step")
def test_a_submitted_draft_waits_for_the_holders_of_the_next_post(
    staff, organ, make_draft, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    expected = set(users_with_role(organ, waiting_roles(item.status), inherited=False))
    expected.discard(staff["editor"])  # who submitted needs no notice of it
    told = {n.recipient for n in Notice.objects.filter(kind=NoticeKind.WAITING)}
    assert told == expected and told
    notice = Notice.objects.filter(kind=NoticeKind.WAITING).first()
    assert notice is not None and item.title in notice.title
    assert notice.link == f"/office/items/{item.pk}/" and notice.organ == organ


@pytest.mark.usefixtures("no_review_step")
def test_each_step_settles_what_waited_and_tells_the_next(
    staff, make_draft, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    assert item.status == Status.SECRECY_REVIEW
    assert len(_open(staff["secrecy"])) == 1 and _open(staff["approver"]) == []
    with django_capture_on_commit_callbacks(execute=True):
        for finding in item.findings.all():
            workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
        item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="无涉密")
    assert _open(staff["secrecy"]) == []  # passed: no longer waits
    assert Notice.objects.filter(recipient=staff["secrecy"], settled_at__isnull=False).exists()
    (waiting,) = _open(staff["approver"])
    assert waiting.title.startswith("待签发")


@pytest.mark.usefixtures("no_review_step")
def test_a_returned_draft_tells_its_drafter_with_the_comment(
    staff, make_draft, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.item_submit(actor=staff["editor"], item=make_draft())
        workflow.item_return(actor=staff["secrecy"], item=item, comment="第二段含个人电话，请删除")
    (returned,) = _open(staff["editor"], NoticeKind.RETURNED)
    assert returned.title == f"已退回：{item.title}"
    assert "退回意见：第二段含个人电话，请删除" in returned.body and "待保密审查" in returned.body
    assert _open(staff["secrecy"]) == []
    # Submitted again: the return is dealt with, and the officer is told anew.
    with django_capture_on_commit_callbacks(execute=True):
        workflow.item_submit(actor=staff["editor"], item=item)
    assert _open(staff["editor"], NoticeKind.RETURNED) == []
    assert len(_open(staff["secrecy"])) == 1
    assert Notice.objects.filter(recipient=staff["secrecy"]).count() == 2


@pytest.mark.usefixtures("no_review_step")
def test_a_rolled_back_transition_tells_nobody(staff, make_draft) -> None:
    # No commit (the test's transaction never commits): the receiver never runs.
    workflow.item_submit(actor=staff["editor"], item=make_draft())
    assert Notice.objects.count() == 0


def test_a_draft_waiting_for_review_tells_the_reviewers(staff, make_draft) -> None:
    """待审核 (issue 13 §1) is read off the table like every 待… state: no code of its own."""
    review = next((s for s in Status if s.label == "待审核"), None)
    if review is None:
        pytest.skip("the table has no 待审核 state")
    item = make_draft()
    item_notify(
        item_id=item.pk, from_state=Status.DRAFT, to_state=review, actor_id=staff["editor"].pk
    )
    told = {n.recipient for n in Notice.objects.filter(kind=NoticeKind.WAITING)}
    # 审核 is held by the reviewer and by the 公开办管理员 (who holds 采编 and 审核 there).
    assert told == {staff["reviewer"], staff["organ_admin"]}
