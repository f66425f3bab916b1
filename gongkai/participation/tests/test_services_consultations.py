"""征求意见 services: the period rule at creation, comments (bad input), moderation, the
采纳情况反馈 and the refusal to close without it, the link to the final policy and back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.participation import selectors
from gongkai.participation.models import (
    CommentStatus,
    Consultation,
    ConsultationStatus,
    FeedbackGroup,
)
from gongkai.participation.services import consultations as svc
from gongkai.participation.tests.conftest import end_period, fields

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_create_checks_the_period_and_the_role(dept: Any, people: dict[str, Any]) -> None:
    today = timezone.localdate()
    short = fields(kind="major_decision", ends_on=today + timedelta(days=20))
    with pytest.raises(ValidationError) as exc:
        svc.consultation_create(actor=people["editor"], organ=dept, fields=short)
    assert "一般不少于30日" in str(exc.value) and "现为21日" in str(exc.value)
    urgent = fields(
        kind="major_decision",
        ends_on=today + timedelta(days=20),
        shortened_reason="汛期临近，需尽快出台。",
    )
    c = svc.consultation_create(actor=people["editor"], organ=dept, fields=urgent)
    assert c.status == ConsultationStatus.DRAFT and c.shortened_reason
    with pytest.raises(PermissionDenied):
        svc.consultation_create(actor=people["stranger"], organ=dept, fields=fields())
    with pytest.raises(ValidationError) as exc:
        svc.consultation_create(
            actor=people["editor"], organ=dept, fields=fields(draft_text="", explanation="")
        )
    assert "起草说明" in str(exc.value) and "征求意见稿" in str(exc.value)
    assert Consultation.objects.count() == 1  # nothing half-written


def test_a_comment_is_text_and_waits_for_moderation(make_consultation: Callable[..., Any]) -> None:
    c = make_consultation()
    comment, created = svc.comment_submit(consultation=c, body=XSS, name="<b>张三</b>")
    assert created and comment.status == CommentStatus.PENDING and comment.body == XSS
    again, created = svc.comment_submit(consultation=c, body="重复", client_token="a" * 32)
    assert created
    same, created = svc.comment_submit(consultation=c, body="重复", client_token="a" * 32)
    assert not created and same.pk == again.pk  # a form sent twice registers one comment
    assert selectors.shown_comments(c).count() == 0


def test_a_comment_of_100000_characters_is_refused_with_the_limit(
    make_consultation: Callable[..., Any],
) -> None:
    c = make_consultation()
    with pytest.raises(ValidationError) as exc:
        svc.comment_submit(consultation=c, body="意" * 100_000)
    assert "不能超过2000字" in str(exc.value) and "现为100000字" in str(exc.value)
    assert not c.comments.exists()


def test_no_comment_outside_the_period(make_consultation: Callable[..., Any]) -> None:
    draft = make_consultation(open_it=False)
    with pytest.raises(ValidationError, match="不在征集期内"):
        svc.comment_submit(consultation=draft, body="意见")
    ended = end_period(make_consultation())
    with pytest.raises(ValidationError, match="不在征集期内"):
        svc.comment_submit(consultation=ended, body="意见")


def test_moderation_hides_with_a_reason(
    make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation()
    comment, _ = svc.comment_submit(consultation=c, body="广告内容")
    with pytest.raises(ValidationError, match="不予显示的理由"):
        svc.comment_moderate(actor=people["editor"], comment=comment, show=False)
    with pytest.raises(PermissionDenied):
        svc.comment_moderate(actor=people["stranger"], comment=comment, show=True)
    hidden = svc.comment_moderate(
        actor=people["editor"], comment=comment, show=False, reason="与征求意见内容无关。"
    )
    assert hidden.status == CommentStatus.HIDDEN and hidden.hidden_reason
    shown = svc.comment_moderate(actor=people["office"], comment=hidden, show=True)
    assert shown.status == CommentStatus.SHOWN and not shown.hidden_reason
    assert AuditEvent.objects.filter(action="comment.hide").count() == 1


def test_letters_are_recorded_within_the_period(
    make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation()
    today = timezone.localdate()
    recorded = svc.comment_record(
        actor=people["editor"],
        consultation=c,
        channel="letter",
        body="建议延长过渡期。",
        received_on=today,
        name="某协会",
    )
    assert recorded.status == CommentStatus.RECORDED
    with pytest.raises(ValidationError, match="收到日期"):
        svc.comment_record(
            actor=people["editor"],
            consultation=c,
            channel="email",
            body="意见",
            received_on=today - timedelta(days=3),
        )
    with pytest.raises(ValidationError):
        svc.comment_record(
            actor=people["editor"], consultation=c, channel="online", body="意见", received_on=today
        )
    stats = selectors.comment_statistics(c)
    assert stats.total == 1 and stats.by_channel == [("信函", 1)]


def test_closing_without_feedback_is_refused_with_the_reason(
    make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation()
    with pytest.raises(InvalidTransition, match="尚未届满"):
        svc.consultation_close(actor=people["editor"], consultation=c)
    c = end_period(c)
    with pytest.raises(InvalidTransition, match="尚未公布采纳情况反馈"):
        svc.consultation_close(actor=people["editor"], consultation=c)
    c.refresh_from_db()
    assert c.status == ConsultationStatus.OPEN and c.closed_on is None


def test_feedback_then_close(make_consultation: Callable[..., Any], people: dict[str, Any]) -> None:
    c = make_consultation()
    a, _ = svc.comment_submit(consultation=c, body="建议放宽备案期限。")
    b, _ = svc.comment_submit(consultation=c, body="建议取消押金。")
    spam, _ = svc.comment_submit(consultation=c, body="广告")
    editor = people["editor"]
    svc.comment_moderate(actor=editor, comment=a, show=True)
    svc.comment_moderate(actor=editor, comment=b, show=True)
    svc.comment_moderate(actor=editor, comment=spam, show=False, reason="广告。")
    with pytest.raises(ValidationError, match="期限届满后"):
        svc.feedback_publish(actor=editor, consultation=c, summary="共收到3条意见。")
    c = end_period(c)
    with pytest.raises(ValidationError, match="请先将意见归类"):
        svc.feedback_publish(actor=editor, consultation=c, summary="共收到3条意见。")
    with pytest.raises(ValidationError, match="请说明理由"):
        svc.feedback_group_add(
            actor=editor,
            consultation=c,
            topic="取消押金",
            decision="not_adopted",
            comment_ids=[b.pk],
        )
    svc.feedback_group_add(
        actor=editor, consultation=c, topic="备案期限", decision="adopted", comment_ids=[a.pk]
    )
    with pytest.raises(ValidationError, match="还有2条意见未归类"):
        svc.feedback_publish(actor=editor, consultation=c, summary="共收到3条意见。")
    group = svc.feedback_group_add(
        actor=editor,
        consultation=c,
        topic="押金及其他",
        decision="not_adopted",
        reason="押金由上位法规定。",
        comment_ids=[b.pk],
    )
    svc.comments_group(actor=editor, consultation=c, group=group, comment_ids=[spam.pk])
    c = svc.feedback_publish(actor=editor, consultation=c, summary="共收到3条意见，采纳1条。")
    assert c.feedback_published_at is not None
    with pytest.raises(ValidationError, match="已公布"):
        svc.feedback_group_add(actor=editor, consultation=c, topic="x", decision="adopted")
    c = svc.consultation_close(actor=editor, consultation=c)
    assert c.status == ConsultationStatus.CLOSED and c.closed_on == timezone.localdate()
    groups = selectors.feedback_groups(c)
    assert [(g.topic, g.comment_count) for g in groups] == [("备案期限", 1), ("押金及其他", 2)]
    assert FeedbackGroup.objects.count() == 2
    assert selectors.comment_statistics(c).by_decision == [("采纳", 1), ("未采纳", 2)]


def test_a_consultation_without_comments_publishes_a_plain_feedback(
    make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = end_period(make_consultation())
    c = svc.feedback_publish(actor=people["editor"], consultation=c, summary="未收到意见。")
    assert svc.consultation_close(actor=people["editor"], consultation=c).status == "closed"


def test_the_final_policy_links_both_ways(
    make_consultation: Callable[..., Any],
    people: dict[str, Any],
    publish_item: Any,
    make_organ: Any,
) -> None:
    c = make_consultation()
    draft = publish_item("草稿文件", publish=False)
    with pytest.raises(ValidationError, match="已公开发布"):
        svc.consultation_link_final(actor=people["editor"], consultation=c, item=draft)
    item = publish_item()
    c = svc.consultation_link_final(actor=people["editor"], consultation=c, item=item)
    assert c.final_item == item
    assert selectors.consultations_for_item(item) == [c]
    with pytest.raises(PermissionDenied):
        svc.consultation_link_final(actor=people["stranger"], consultation=c, item=None)


def test_a_draft_is_edited_before_opening_only(
    make_consultation: Callable[..., Any], people: dict[str, Any]
) -> None:
    c = make_consultation(open_it=False)
    today = timezone.localdate()
    past = fields(starts_on=today - timedelta(days=20), ends_on=today - timedelta(days=1))
    c = svc.consultation_update(actor=people["editor"], consultation=c, fields=past)
    with pytest.raises(ValidationError, match="截止日期已过"):
        svc.consultation_open(actor=people["editor"], consultation=c)
    c = svc.consultation_update(actor=people["editor"], consultation=c, fields=fields())
    c = svc.consultation_open(actor=people["editor"], consultation=c)
    with pytest.raises(ValidationError, match="不能再修改"):
        svc.consultation_update(actor=people["editor"], consultation=c, fields=fields())


def test_the_draft_attachment_is_checked_as_the_catalog_does(
    dept: Any, people: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    fake = ("征求意见稿.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as exc:
        svc.consultation_create(
            actor=people["editor"], organ=dept, fields=fields(draft_text=""), attachment=fake
        )
    assert "attachment" in exc.value.message_dict
    assert not Consultation.objects.exists()
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("第一条 为了规范住房租赁活动，制定本办法。")
    buf = io.BytesIO()
    document.save(buf)
    c = svc.consultation_create(
        actor=people["editor"],
        organ=dept,
        fields=fields(draft_text=""),
        attachment=("征求意见稿.docx", buf.getvalue()),
    )
    assert c.attachment_name == "征求意见稿.docx" and c.attachment.size > 0


def test_an_organ_sets_its_own_period_for_other_drafts(
    dept: Any, people: dict[str, Any], settings: Any
) -> None:
    today = timezone.localdate()
    week = fields(ends_on=today + timedelta(days=6))
    assert svc.consultation_create(actor=people["editor"], organ=dept, fields=week)
    settings.GONGKAI = {**settings.GONGKAI, "PARTICIPATION_ORGAN_MIN_DAYS": {dept.org_code: 15}}
    with pytest.raises(ValidationError, match="不少于15日"):
        svc.consultation_create(actor=people["editor"], organ=dept, fields=week)
