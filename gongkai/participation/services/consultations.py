"""征求意见: a draft opened for comment, its comments (online, moderated; letters and e-mails
recorded by staff), the 采纳情况反馈 and the link to the final policy.

Each service is one transaction, keyword-only, the role guard first (the machine or
`require_roles`), then its rules (`rules.py`, `deadlines.py`); bad input raises ValidationError
in Chinese and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.files import as_file, check_upload, safe_name
from gongkai.catalog.models import Item
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.cache_tags import bump_on_commit
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.participation import deadlines, rules
from gongkai.participation.audit import ParticipationAudit
from gongkai.participation.models import (
    COUNTED,
    Comment,
    CommentChannel,
    CommentStatus,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Decision,
    FeedbackGroup,
)
from gongkai.participation.transitions import (
    COMMENT_MACHINE,
    CONSULTATION_MACHINE,
    HANDLER_ROLES,
    NOT_HANDLER,
    CommentEvent,
    ConsultationEvent,
)

MAX_DRAFT_MB = 20


@dataclass(frozen=True)
class ConsultationFields:
    kind: str
    title: str
    explanation: str
    starts_on: date
    ends_on: date
    draft_text: str = ""
    shortened_reason: str = ""
    contact: str = ""


def minimum_days(kind: str, organ: Organ | None = None) -> int:
    conf = gongkai_settings()
    own = conf.PARTICIPATION_ORGAN_MIN_DAYS.get(organ.org_code) if organ is not None else None
    return deadlines.minimum_period_days(
        kind,
        major_days=conf.PARTICIPATION_MAJOR_DECISION_MIN_DAYS,
        other_days=conf.PARTICIPATION_OTHER_MIN_DAYS,
        organ_days=own,
    )


def validate_consultation(
    fields: ConsultationFields, *, has_attachment: bool, organ: Organ | None = None
) -> dict[str, str]:
    """Field → the Chinese reason it is refused (the form shows them; the service raises them)."""
    problems: dict[str, str] = {}
    if fields.kind not in ConsultationKind.values:
        problems["kind"] = "请选择类别。"
    if not fields.title.strip():
        problems["title"] = "请填写标题。"
    elif len(fields.title) > 200:
        problems["title"] = f"标题不能超过200字（现为{len(fields.title)}字）。"
    if not fields.explanation.strip():
        problems["explanation"] = "请填写起草说明。"
    if not fields.draft_text.strip() and not has_attachment:
        problems["draft_text"] = "请填写征求意见稿正文，或上传征求意见稿附件。"
    if fields.kind in ConsultationKind.values:
        period = deadlines.period_problem(
            kind=fields.kind,
            starts_on=fields.starts_on,
            ends_on=fields.ends_on,
            minimum=minimum_days(fields.kind, organ),
            shortened_reason=fields.shortened_reason,
        )
        if period:
            problems["ends_on"] = period
    return problems


@transaction.atomic
def consultation_create(
    *,
    actor: Actor,
    organ: Organ,
    fields: ConsultationFields,
    attachment: tuple[str, bytes | File] | None = None,
) -> Consultation:
    """登记 a consultation as a draft of `organ` (采编 or 公开办)."""
    require_roles(actor, organ, HANDLER_ROLES, message=NOT_HANDLER)
    problems = validate_consultation(fields, has_attachment=attachment is not None, organ=organ)
    if problems:
        raise ValidationError(problems)
    consultation = Consultation(
        organ=organ,
        kind=fields.kind,
        title=fields.title.strip(),
        draft_text=fields.draft_text.strip(),
        explanation=fields.explanation.strip(),
        starts_on=fields.starts_on,
        ends_on=fields.ends_on,
        shortened_reason=fields.shortened_reason.strip(),
        contact=fields.contact.strip(),
        created_by=actor if isinstance(actor, get_user_model()) else None,
    )
    upload = None
    if attachment is not None:
        name, data = attachment
        name = safe_name(name)
        upload = as_file(data)
        try:
            check_upload(name, upload, MAX_DRAFT_MB * 1024 * 1024)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
        upload.seek(0)
        consultation.attachment_name = name
        consultation.attachment.save(name, upload, save=False)
    CONSULTATION_MACHINE.fire(actor=actor, obj=consultation, event=ConsultationEvent.CREATE)
    return consultation


@transaction.atomic
def consultation_update(
    *, actor: Actor, consultation: Consultation, fields: ConsultationFields
) -> Consultation:
    """修改 a draft before it is published (dates, text, explanation); a published consultation
    is not rewritten under the public's eyes."""
    require_roles(actor, consultation.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = CONSULTATION_MACHINE.lock(consultation)
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError("征求意见已发布，不能再修改。")
    problems = validate_consultation(
        fields, has_attachment=bool(consultation.attachment), organ=consultation.organ
    )
    if problems:
        raise ValidationError(problems)
    consultation.kind = fields.kind
    consultation.title = fields.title.strip()
    consultation.draft_text = fields.draft_text.strip()
    consultation.explanation = fields.explanation.strip()
    consultation.starts_on = fields.starts_on
    consultation.ends_on = fields.ends_on
    consultation.shortened_reason = fields.shortened_reason.strip()
    consultation.contact = fields.contact.strip()
    consultation.save()
    audit_record(
        actor=actor,
        action=ParticipationAudit.UPDATE,
        obj=consultation,
        organ_id=consultation.organ_id,
    )
    return consultation


@transaction.atomic
def consultation_open(
    *, actor: Actor, consultation: Consultation, today: date | None = None
) -> Consultation:
    """发布征求意见: the draft goes public; a period already over cannot be opened."""
    consultation = CONSULTATION_MACHINE.lock(consultation)
    CONSULTATION_MACHINE.check(actor, consultation, ConsultationEvent.OPEN)
    today = today or timezone.localdate()
    if consultation.ends_on < today:
        raise ValidationError("截止日期已过，请修改征求意见期限后再发布。")
    return CONSULTATION_MACHINE.fire(actor=actor, obj=consultation, event=ConsultationEvent.OPEN)


def _comment_body(body: str) -> str:
    text = body.strip()
    if len(text) < 2:
        raise ValidationError({"body": "请填写意见内容。"})
    too_long = rules.comment_length_problem(
        body, maximum=gongkai_settings().PARTICIPATION_MAX_COMMENT_CHARS
    )
    if too_long:
        raise ValidationError({"body": too_long})
    return text


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    body: str,
    name: str = "",
    contact: str = "",
    client_token: str = "",
    today: date | None = None,
) -> tuple[Comment, bool]:
    """A citizen's online comment (`actor=None`: no account; the public form checked the robot
    traps and the rate limit). It waits for moderation (待审核). A form sent twice (same
    `client_token`) registers one comment: (comment, created)."""
    if client_token:
        existing = Comment.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing, False
    today = today or timezone.localdate()
    if not consultation.accepts_comments(today):
        raise ValidationError("该征求意见不在征集期内，不能提交意见。")
    text = _comment_body(body)
    if len(name) > 100 or len(contact) > 100:
        raise ValidationError({"name": "姓名和联系方式各不能超过100字。"})
    comment = Comment(
        consultation=consultation,
        channel=CommentChannel.ONLINE,
        name=name.strip(),
        contact=contact.strip(),
        body=text,
        received_on=today,
        client_token=client_token,
    )
    COMMENT_MACHINE.fire(
        actor=None, obj=comment, event=CommentEvent.SUBMIT, organ_id=consultation.organ_id
    )
    return comment, True


@transaction.atomic
def comment_record(
    *,
    actor: Actor,
    consultation: Consultation,
    channel: str,
    body: str,
    received_on: date,
    name: str = "",
    contact: str = "",
) -> Comment:
    """登记 a comment received by letter, e-mail or at a hearing: counted and grouped in the
    feedback, not shown on the public page."""
    if channel not in CommentChannel.values or channel == CommentChannel.ONLINE:
        raise ValidationError({"channel": "请选择信函、电子邮件或其他方式。"})
    comment = Comment(
        consultation=consultation,
        channel=channel,
        name=name.strip()[:100],
        contact=contact.strip()[:100],
        body=body.strip(),
        received_on=received_on,
    )
    COMMENT_MACHINE.check_roles(actor, comment, CommentEvent.RECORD)
    comment.body = _comment_body(body)
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError("只有发布后、办结前的征求意见可以登记意见。")
    if received_on < consultation.starts_on or received_on > consultation.ends_on:
        raise ValidationError({"received_on": "收到日期应在征求意见期限内。"})
    return COMMENT_MACHINE.fire(
        actor=actor,
        obj=comment,
        event=CommentEvent.RECORD,
        organ_id=consultation.organ_id,
        data={"channel": channel},
    )


@transaction.atomic
def comment_moderate(*, actor: Actor, comment: Comment, show: bool, reason: str = "") -> Comment:
    """审核: show a comment on the public page, or hide it with the reason (a hidden comment is
    still counted and answered in the feedback)."""
    comment = COMMENT_MACHINE.lock(comment)
    event = CommentEvent.SHOW if show else CommentEvent.HIDE
    COMMENT_MACHINE.check(actor, comment, event)
    if not show:
        if not reason.strip():
            raise ValidationError({"reason": "请填写不予显示的理由。"})
        comment.hidden_reason = reason.strip()[:300]
    else:
        comment.hidden_reason = ""
    return COMMENT_MACHINE.fire(
        actor=actor,
        obj=comment,
        event=event,
        comment=reason.strip()[:300],
        organ_id=comment.consultation.organ_id,
    )


def _feedback_editable(consultation: Consultation) -> None:
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError("征求意见已办结，不能修改采纳情况。")
    if consultation.feedback_published_at is not None:
        raise ValidationError("采纳情况反馈已公布，不能再修改。")


@transaction.atomic
def feedback_group_add(
    *,
    actor: Actor,
    consultation: Consultation,
    topic: str,
    decision: str,
    reason: str = "",
    comment_ids: Sequence[int] = (),
) -> FeedbackGroup:
    """One kind of comment in the 采纳情况反馈, with the comments it answers."""
    require_roles(actor, consultation.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = CONSULTATION_MACHINE.lock(consultation)
    _feedback_editable(consultation)
    if not topic.strip():
        raise ValidationError({"topic": "请填写意见归类。"})
    if decision not in Decision.values:
        raise ValidationError({"decision": "请选择采纳情况。"})
    if decision != Decision.ADOPTED and not reason.strip():
        raise ValidationError({"reason": "未采纳或部分采纳的意见，请说明理由。"})
    group = FeedbackGroup.objects.create(
        consultation=consultation,
        topic=topic.strip()[:200],
        decision=decision,
        reason=reason.strip(),
        sort_order=consultation.feedback_groups.count() + 1,
    )
    moved = Comment.objects.filter(
        consultation=consultation, pk__in=list(comment_ids), status__in=COUNTED
    ).update(group=group)
    audit_record(
        actor=actor,
        action=ParticipationAudit.FEEDBACK_GROUP,
        obj=consultation,
        organ_id=consultation.organ_id,
        data={"topic": group.topic, "decision": decision, "comments": moved},
    )
    return group


@transaction.atomic
def comments_group(
    *, actor: Actor, consultation: Consultation, group: FeedbackGroup, comment_ids: Sequence[int]
) -> int:
    """Put more comments in an existing group (before the feedback is published)."""
    require_roles(actor, consultation.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = CONSULTATION_MACHINE.lock(consultation)
    _feedback_editable(consultation)
    if group.consultation_id != consultation.pk:
        raise ValidationError("该归类不属于本征求意见。")
    return Comment.objects.filter(
        consultation=consultation, pk__in=list(comment_ids), status__in=COUNTED
    ).update(group=group)


@transaction.atomic
def feedback_publish(
    *, actor: Actor, consultation: Consultation, summary: str, today: date | None = None
) -> Consultation:
    """公布采纳情况反馈, after the period ended: every counted comment grouped, every group not
    adopted with its reason (`rules.feedback_problem`)."""
    require_roles(actor, consultation.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = CONSULTATION_MACHINE.lock(consultation)
    _feedback_editable(consultation)
    today = today or timezone.localdate()
    if today <= consultation.ends_on:
        raise ValidationError("征求意见期限届满后才能公布采纳情况反馈。")
    if not summary.strip():
        raise ValidationError({"summary": "请填写采纳情况总体说明。"})
    groups = [
        rules.GroupLine(g.topic, g.decision, g.reason) for g in consultation.feedback_groups.all()
    ]
    counted = consultation.comments.filter(status__in=COUNTED)
    problem = rules.feedback_problem(
        groups=groups,
        counted=counted.count(),
        ungrouped=counted.filter(group__isnull=True).count(),
    )
    if problem:
        raise ValidationError(problem)
    pending = consultation.comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        raise ValidationError(f"还有{pending}条网上意见待审核，请先审核。")
    consultation.feedback_summary = summary.strip()
    consultation.feedback_published_at = timezone.now()
    consultation.save(update_fields=["feedback_summary", "feedback_published_at", "updated_at"])
    if consultation.final_item_id:  # its page says whether feedback was published
        bump_on_commit(f"item:{consultation.final_item_id}")
    audit_record(
        actor=actor,
        action=ParticipationAudit.FEEDBACK_PUBLISH,
        obj=consultation,
        organ_id=consultation.organ_id,
    )
    return consultation


@transaction.atomic
def consultation_close(
    *, actor: Actor, consultation: Consultation, today: date | None = None
) -> Consultation:
    """办结: refused with the reason while the 采纳情况反馈 is not published (the machine's guard,
    `rules.close_refusal`)."""
    consultation = CONSULTATION_MACHINE.lock(consultation)

    def closed_on(obj: Consultation) -> None:
        obj.closed_on = today or timezone.localdate()

    return CONSULTATION_MACHINE.fire(
        actor=actor, obj=consultation, event=ConsultationEvent.CLOSE, before_save=closed_on
    )


def _in_tree(organ: Organ, item_organ: Organ) -> bool:
    """The organ itself, a government above it, or an organ below it (a government's
    consultation whose policy a department issues)."""
    return organ.path.startswith(item_organ.path) or item_organ.path.startswith(organ.path)


@transaction.atomic
def consultation_link_final(
    *, actor: Actor, consultation: Consultation, item: Item | None
) -> Consultation:
    """关联正式文件: the final policy (a public catalog item of the organ, a government above it
    or an organ below it); the
    consultation page links to it and the item's page reads the link back
    (`selectors.consultations_for_item`). `item=None` removes the link."""
    require_roles(actor, consultation.organ, HANDLER_ROLES, message=NOT_HANDLER)
    consultation = CONSULTATION_MACHINE.lock(consultation)
    if item is not None:
        refusal = rules.final_item_refusal(
            item_public=item.is_public, same_tree=_in_tree(consultation.organ, item.organ)
        )
        if refusal:
            raise ValidationError({"item": refusal})
    before = consultation.final_item_id
    consultation.final_item = item
    consultation.save(update_fields=["final_item", "updated_at"])
    # The item pages that gain or lose the link back are stale in the portal's page cache
    # (tag "item:<pk>", portal/pagecache.py: item_tag).
    changed = {pk for pk in (before, item.pk if item else None) if pk}
    if changed:
        bump_on_commit(*(f"item:{pk}" for pk in sorted(changed)))
    audit_record(
        actor=actor,
        action=ParticipationAudit.FINAL_ITEM,
        obj=consultation,
        organ_id=consultation.organ_id,
        data={"item": item.title if item else ""},
    )
    return consultation
