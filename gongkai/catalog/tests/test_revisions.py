"""修订 of published items, 恢复发布 and 有效性 approval (issue 13 §3): the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.catalog.models import Attribute, Item, ItemVersion, LegalBasis, Status, Validity
from gongkai.catalog.selectors import public_item_pages, public_items, timeliness_rows
from gongkai.catalog.services import published, revisions, workflow
from gongkai.catalog.services.items import ItemFields, attachment_add, item_update
from gongkai.catalog.signals import item_public_changed
from gongkai.catalog.transitions import InvalidTransition
from gongkai.core.models import AuditEvent

OPINION = "经审查，同意公开。"


def _through_review(item: Item, staff: dict[str, Any]) -> Item:
    item = workflow.item_submit(actor=staff["editor"], item=item)
    if item.status == Status.PENDING_REVIEW:
        item = workflow.item_approve_review(actor=staff["reviewer"], item=item)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    return workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion=OPINION)


@pytest.fixture
def live(make_draft, publish, staff, docx_bytes_plain) -> Item:
    item = make_draft(title="关于就业补贴的通知", summary="旧概述", body="<p>申领截止3月31日。</p>")
    attachment_add(actor=staff["editor"], item=item, name="申领表.docx", data=docx_bytes_plain)
    return publish(item)


@pytest.fixture
def docx_bytes_plain(docx_bytes) -> bytes:
    return docx_bytes("申领表")


def _revise(item: Item, staff: dict[str, Any], **fields: Any) -> Item:
    revision = revisions.revision_open(actor=staff["editor"], item=item)
    values = {"revision_note": "更正申领截止日期", "body": "<p>申领截止4月30日。</p>", **fields}
    return item_update(actor=staff["editor"], item=revision, fields=ItemFields(**values)).item


def test_a_revision_starts_from_the_published_text_and_files(live, staff) -> None:
    revision = revisions.revision_open(actor=staff["editor"], item=live)
    assert revision.status == Status.DRAFT and revision.revision_of == live
    assert (revision.title, revision.body, revision.summary) == (live.title, live.body, "旧概述")
    assert revision.index_number == "" and revision.published_at is None
    assert [a.original_name for a in revision.attachments.all()] == ["申领表.docx"]
    assert revision.attachments.get().file.name == live.attachments.get().file.name
    assert AuditEvent.objects.for_object(live).filter(action="item.revision_open").exists()
    assert AuditEvent.objects.for_object(revision).get().action == "item.revise"
    # Only 采编 open revisions; a draft is edited, not revised.
    with pytest.raises(PermissionDenied):
        revisions.revision_open(actor=staff["approver"], item=live)


def test_a_draft_cannot_be_revised(make_draft, staff) -> None:
    with pytest.raises(ValidationError, match="只有已发布或已撤回的信息可以修订"):
        revisions.revision_open(actor=staff["editor"], item=make_draft())


def test_a_second_revision_is_refused_naming_the_open_one(live, staff) -> None:
    first = _revise(live, staff)
    first = workflow.item_submit(actor=staff["editor"], item=first)  # in review now
    with pytest.raises(revisions.RevisionAlreadyOpen) as refused:
        revisions.revision_open(actor=staff["editor"], item=live)
    assert refused.value.revision == first
    assert "已有一份修订稿正在办理" in refused.value.messages[0]
    assert "待保密审查" in refused.value.messages[0]
    assert Item.objects.filter(revision_of=live).count() == 1
    # A revision of a revision is refused too.
    with pytest.raises(ValidationError, match="这是一份修订稿"):
        revisions.revision_open(actor=staff["editor"], item=first)


def test_the_database_holds_one_open_revision_per_item(live, staff) -> None:
    first = revisions.revision_open(actor=staff["editor"], item=live)
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(
            organ=live.organ,
            column=live.column,
            title="并发的第二份",
            formed_on=live.formed_on,
            revision_of=live,
        )
    # Once the first is closed, another may be opened.
    revisions.revision_abandon(actor=staff["editor"], revision=first)
    first.refresh_from_db()
    assert first.status == Status.REVISION_ABANDONED
    assert revisions.revision_open(actor=staff["editor"], item=live).pk != first.pk


def test_a_revision_that_empties_a_required_field_is_refused(live, staff) -> None:
    revision = revisions.revision_open(actor=staff["editor"], item=live)
    with pytest.raises(ValidationError) as exc:
        item_update(actor=staff["editor"], item=revision, fields=ItemFields(title="  "))
    assert exc.value.message_dict["title"] == ["请填写标题。"]
    with pytest.raises(ValidationError) as exc:
        item_update(actor=staff["editor"], item=revision, fields=ItemFields(formed_on=None))
    assert "formed_on" in exc.value.message_dict
    revision.refresh_from_db()
    assert revision.title == live.title and revision.formed_on == live.formed_on
    # Emptying the body (and removing the files) is a 退文 when submitted, as for a draft.
    revision = item_update(
        actor=staff["editor"],
        item=revision,
        fields=ItemFields(body="", revision_note="删去正文"),
    ).item
    for attachment in revision.attachments.all():
        attachment.delete()
    with pytest.raises(workflow.ItemNotReady, match="正文和附件不能都为空"):
        workflow.item_submit(actor=staff["editor"], item=revision)
    revision.refresh_from_db()
    assert revision.status == Status.DRAFT


def test_a_revision_needs_its_note_and_a_public_attribute(live, staff) -> None:
    revision = revisions.revision_open(actor=staff["editor"], item=live)
    with pytest.raises(workflow.ItemNotReady, match="修订稿必须填写修订说明"):
        workflow.item_submit(actor=staff["editor"], item=revision)
    revision = item_update(
        actor=staff["editor"],
        item=revision,
        fields=ItemFields(
            revision_note="改为依申请公开",
            attribute=Attribute.ON_REQUEST,
            attribute_reason="涉及个人信息",
            attribute_basis=LegalBasis.ART19_NOT_PROACTIVE,
        ),
    ).item
    with pytest.raises(workflow.ItemNotReady, match="请撤回原信息"):
        workflow.item_submit(actor=staff["editor"], item=revision)


def test_the_signed_revision_replaces_the_public_text(
    live, staff, django_capture_on_commit_callbacks, pdf_bytes
) -> None:
    index_number, first_published = live.index_number, live.published_at
    old_file = live.attachments.get().file.name
    revision = _revise(live, staff, title="关于就业补贴的通知（更正）")
    revision.attachments.all().delete()
    attachment_add(actor=staff["editor"], item=revision, name="新申领表.pdf", data=pdf_bytes)
    revision = _through_review(revision, staff)
    assert revision.status == Status.AWAITING_APPROVAL
    # A revision is not scheduled: it replaces the page when signed.
    with pytest.raises(InvalidTransition, match="签发修订"):
        workflow.item_publish(
            actor=staff["approver"], item=revision, at=timezone.now() + timedelta(days=1)
        )
    sent: list[int] = []

    def heard(sender: Any, item_id: int, **kw: Any) -> None:
        sent.append(item_id)

    item_public_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            revision = workflow.item_publish(actor=staff["approver"], item=revision)
    finally:
        item_public_changed.disconnect(heard)
    assert revision.status == Status.REVISION_APPLIED
    assert sent == [live.pk]  # search and portal re-read the published item

    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    assert live.title == "关于就业补贴的通知（更正）" and "4月30日" in live.body
    assert live.index_number == index_number and live.published_at == first_published
    assert live.revised_at is not None and live.revision_note == "更正申领截止日期"
    assert [a.original_name for a in live.attachments.all()] == ["新申领表.pdf"]
    assert not revision.attachments.exists()

    (version,) = ItemVersion.objects.filter(item=live)
    assert version.number == 1 and version.title == "关于就业补贴的通知"
    assert "3月31日" in version.body and version.summary == "旧概述"
    assert version.attachments[0]["name"] == "申领表.docx"
    assert version.attachments[0]["file"] == old_file
    assert version.public_from == first_published and version.replaced_by == revision
    assert version.details["形成/变更日期"] == live.formed_on.isoformat()
    assert public_items().filter(pk=live.pk).exists()
    assert not public_item_pages().filter(pk=revision.pk).exists()
    applied = AuditEvent.objects.for_object(live).get(action="item.revision_apply")
    assert applied.comment == "更正申领截止日期" and applied.data["version"] == 1

    # A second revision later: version 2 keeps the first revision's text and note.
    second = _revise(live, staff, revision_note="补充咨询电话", body="<p>咨询电话12345。</p>")
    workflow.item_publish(actor=staff["approver"], item=_through_review(second, staff))
    live.refresh_from_db()
    assert live.revision_note == "补充咨询电话"
    numbers = list(live.versions.order_by("number").values_list("number", "revision_note"))
    assert numbers == [(1, ""), (2, "更正申领截止日期")]


def test_a_revision_is_returned_like_a_draft(live, staff, organ) -> None:
    organ.review_step = True
    organ.save()
    revision = workflow.item_submit(actor=staff["editor"], item=_revise(live, staff))
    assert revision.status == Status.PENDING_REVIEW
    revision = workflow.item_return(actor=staff["reviewer"], item=revision, comment="日期再核实")
    assert revision.status == Status.DRAFT and revision.is_returned
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED and "3月31日" in live.body  # untouched meanwhile


def test_revision_drafts_are_not_counted_as_late_publications(live, staff) -> None:
    revision = revisions.revision_open(actor=staff["editor"], item=live)
    Item.objects.filter(pk=revision.pk).update(formed_on=date(2020, 1, 1))
    assert revision.pk not in {row.item.pk for row in timeliness_rows(staff["editor"])}


def test_a_withdrawn_item_is_restored_through_signoff(live, staff) -> None:
    index_number, first_published = live.index_number, live.published_at
    live = workflow.item_withdraw(actor=staff["approver"], item=live, reason="附件有误")
    with pytest.raises(ValidationError, match="必须填写理由"):
        published.item_restore(actor=staff["editor"], item=live, reason="")
    with pytest.raises(PermissionDenied):
        published.item_restore(actor=staff["reviewer"], item=live, reason="已更正")
    live = published.item_restore(actor=staff["editor"], item=live, reason="附件已更正")
    assert live.status == Status.RESTORE_REVIEW
    # Meanwhile the public page still says it was withdrawn; nothing is listed.
    assert public_item_pages().filter(pk=live.pk).exists()
    assert not public_items().filter(pk=live.pk).exists()
    assert live.is_withdrawn
    live = published.item_decline_restore(actor=staff["approver"], item=live, comment="暂缓")
    assert live.status == Status.WITHDRAWN

    live = published.item_restore(actor=staff["editor"], item=live, reason="附件已更正")
    live = workflow.item_publish(actor=staff["approver"], item=live)
    assert live.status == Status.PUBLISHED and not live.is_withdrawn
    assert live.index_number == index_number and live.published_at == first_published
    assert live.withdrawn_at is None and live.withdrawn_reason == ""
    steps = list(AuditEvent.objects.for_object(live).values_list("action", flat=True))
    assert steps[-5:] == [
        "item.withdraw",
        "item.restore",
        "item.decline_restore",
        "item.restore",
        "item.publish",
    ]


def test_a_validity_change_waits_for_signoff(live, staff) -> None:
    with pytest.raises(PermissionDenied):  # 采编 propose; they do not change it themselves
        workflow.item_set_validity(
            actor=staff["editor"], item=live, validity=Validity.REPEALED, changed_on=None
        )
    with pytest.raises(ValidationError) as exc:
        published.validity_propose(
            actor=staff["editor"], item=live, validity=Validity.REPEALED, changed_on=None, note="x"
        )
    assert "changed_on" in exc.value.message_dict
    live = published.validity_propose(
        actor=staff["editor"],
        item=live,
        validity=Validity.REPEALED,
        changed_on=date(2026, 5, 1),
        note="被测人社发〔2026〕9号废止",
    )
    assert live.validity == Validity.VALID and live.validity_proposed == Validity.REPEALED
    with pytest.raises(ValidationError, match="已有待签发的有效性变更"):
        published.validity_propose(
            actor=staff["editor"],
            item=live,
            validity=Validity.EXPIRED,
            changed_on=date(2026, 5, 2),
            note="另一个",
        )
    with pytest.raises(PermissionDenied):
        published.validity_approve(actor=staff["editor"], item=live)
    live = published.validity_approve(actor=staff["approver"], item=live, comment="同意")
    assert live.validity == Validity.REPEALED
    assert live.validity_changed_on == date(2026, 5, 1)
    assert live.validity_note == "被测人社发〔2026〕9号废止"
    assert live.validity_proposed == "" and live.validity_proposed_by is None
    row = AuditEvent.objects.for_object(live).filter(action="item.validity").get()
    assert row.data["proposed_by"] == staff["editor"].pk and row.actor == staff["approver"]


def test_a_declined_validity_change_leaves_it_as_it_was(live, staff) -> None:
    live = published.validity_propose(
        actor=staff["editor"],
        item=live,
        validity=Validity.EXPIRED,
        changed_on=date(2026, 5, 1),
        note="已到期",
    )
    with pytest.raises(ValidationError, match="必须填写意见"):
        published.validity_decline(actor=staff["approver"], item=live, comment="")
    live = published.validity_decline(actor=staff["approver"], item=live, comment="尚在有效期内")
    assert live.validity == Validity.VALID and live.validity_proposed == ""
    with pytest.raises(ValidationError, match="没有待签发"):
        published.validity_approve(actor=staff["approver"], item=live)
