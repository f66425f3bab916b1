from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalog.models import Attribute, LegalBasis, Status
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_update
from gongkai.catalog.transitions import InvalidTransition
from gongkai.core.models import AuditEvent


def test_happy_path_assigns_index_number_and_audits(make_draft, publish, organ) -> None:
    item = publish(make_draft())
    assert item.status == Status.PUBLISHED
    year = timezone.localdate().year
    assert item.index_number == f"{organ.org_code}/{year}-00001"
    actions = list(AuditEvent.objects.for_object(item).values_list("action", "to_state"))
    assert ("item.submit", "secrecy_review") in actions
    assert ("item.pass_secrecy", "awaiting_approval") in actions
    assert ("item.publish", "published") in actions


def test_non_proactive_draft_needs_reason_and_basis(make_draft, staff) -> None:
    item = make_draft(attribute=Attribute.WITHHELD)
    with pytest.raises(workflow.ItemNotReady) as exc:
        workflow.item_submit(actor=staff["editor"], item=item)
    text = " ".join(exc.value.messages)
    assert "必须说明理由" in text and "必须选择法律依据" in text
    item.refresh_from_db()
    assert item.status == Status.DRAFT

    item = item_update(
        actor=staff["editor"],
        item=item,
        fields=ItemFields(
            attribute_reason="涉及个人隐私", attribute_basis=LegalBasis.ART19_NOT_PROACTIVE
        ),
    ).item
    with pytest.raises(workflow.ItemNotReady, match="不适用"):
        workflow.item_submit(actor=staff["editor"], item=item)

    item = item_update(
        actor=staff["editor"],
        item=item,
        fields=ItemFields(attribute_basis=LegalBasis.ART15_THIRD_PARTY),
    ).item
    assert item.review_on == item.formed_on + timedelta(days=365)  # Art. 18 review date
    item = workflow.item_submit(actor=staff["editor"], item=item)
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    item = workflow.item_publish(actor=staff["approver"], item=item)
    assert item.status == Status.FILED
    assert item.index_number == ""


def test_scanner_flags_id_number_and_blocks_until_acknowledged(make_draft, staff) -> None:
    item = make_draft(
        body="<p>申请人张三，身份证号11010519491231002X，电话13812345678。</p><p>机密★1年</p>"
    )
    item = workflow.item_submit(actor=staff["editor"], item=item)
    kinds = set(item.findings.values_list("kind", flat=True))
    assert {"id_number", "mobile", "secrecy_mark"} <= kinds
    id_finding = item.findings.get(kind="id_number")
    assert "11010519491231002X" not in id_finding.excerpt  # stored masked
    with pytest.raises(workflow.ItemNotReady, match="未确认"):
        workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="经审查，同意公开。")
    with pytest.raises(PermissionDenied):
        workflow.finding_acknowledge(actor=staff["editor"], finding=id_finding)
    for finding in item.findings.all():
        workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    assert item.status == Status.AWAITING_APPROVAL


def test_return_needs_comment_and_goes_back_to_draft(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    with pytest.raises(ValidationError):
        workflow.item_return(actor=staff["reviewer"], item=item, comment="  ")
    item = workflow.item_return(actor=staff["reviewer"], item=item, comment="请补充附件")
    assert item.status == Status.DRAFT
    event = AuditEvent.objects.for_object(item).filter(action="item.return").get()
    assert event.comment == "请补充附件"


def test_forbidden_transition_leaves_state_unchanged(make_draft, staff) -> None:
    item = make_draft()
    with pytest.raises(InvalidTransition, match="草稿"):
        workflow.item_publish(actor=staff["approver"], item=item)
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_roles_are_enforced(make_draft, staff) -> None:
    item = workflow.item_submit(actor=staff["editor"], item=make_draft())
    with pytest.raises(PermissionDenied):
        workflow.item_pass_secrecy(actor=staff["editor"], item=item, opinion="经审查，同意公开。")
    item = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
    )
    with pytest.raises(PermissionDenied):
        workflow.item_publish(actor=staff["secrecy"], item=item)


def test_editor_of_other_organ_cannot_touch_draft(make_draft, make_organ, make_user) -> None:
    other = make_organ("另一个局")
    outsider = make_user(organ=other, roles=("editor", "approver", "secrecy"))
    item = make_draft()
    with pytest.raises(PermissionDenied):
        item_update(actor=outsider, item=item, fields=ItemFields(title="改标题"))
    with pytest.raises(PermissionDenied):
        workflow.item_submit(actor=outsider, item=item)


def test_double_publish_gives_one_publication(make_draft, staff, publish) -> None:
    item = publish(make_draft())
    with pytest.raises(InvalidTransition):
        workflow.item_publish(actor=staff["approver"], item=item)
    item.refresh_from_db()
    assert AuditEvent.objects.for_object(item).filter(action="item.publish").count() == 1


def test_serials_continue_and_scheduled_release(make_draft, publish, staff, organ) -> None:
    first = publish(make_draft(title="一"))
    second = make_draft(title="二")
    second = workflow.item_submit(actor=staff["editor"], item=second)
    second = workflow.item_pass_secrecy(
        actor=staff["secrecy"], item=second, opinion="经审查，同意公开。"
    )
    later = timezone.now() + timedelta(hours=2)
    second = workflow.item_publish(actor=staff["approver"], item=second, at=later)
    assert second.status == Status.SCHEDULED and second.index_number == ""
    assert workflow.items_release_scheduled(now=timezone.now()) == []
    assert workflow.items_release_scheduled(now=later + timedelta(seconds=1)) == [second.pk]
    second.refresh_from_db()
    assert second.status == Status.PUBLISHED
    assert int(second.index_number[-5:]) == int(first.index_number[-5:]) + 1
    assert workflow.items_release_scheduled(now=later + timedelta(seconds=5)) == []


def test_withdraw_keeps_page_with_reason(make_draft, publish, staff) -> None:
    item = publish(make_draft())
    with pytest.raises(ValidationError):
        workflow.item_withdraw(actor=staff["approver"], item=item, reason="")
    item = workflow.item_withdraw(actor=staff["approver"], item=item, reason="内容有误")
    assert item.status == Status.WITHDRAWN and item.withdrawn_at is not None


def test_duplicate_doc_number_warns(make_draft, organ, staff) -> None:
    from gongkai.catalog.models import Column
    from gongkai.catalog.services.items import item_create

    make_draft(doc_number="测人社发[2026]3号")
    result = item_create(
        actor=staff["editor"],
        organ=organ,
        column=Column.objects.get(organ=organ, code="policy"),
        fields=ItemFields(
            title="另一份", formed_on=date(2026, 3, 3), doc_number="测人社发（2026）3号"
        ),
    )
    assert result.item.doc_number == "测人社发〔2026〕3号"
    assert result.warnings and "文号相同" in result.warnings[0]
