"""The deadline watch of 公众参与, run hourly (`tasks.remind`, `GONGKAI["SCHEDULE"]`): notices in
the inbox for the handlers (采编 and 公开办) of the organ when

- a consultation's period has ended and its 采纳情况反馈 is not published (it cannot be closed);
- a 建议/提案 is due within `PROPOSAL_DUE_SOON_DAYS` days, or overdue (代表法 Art. 43);
- a 舆情 has passed its response limit unanswered (国办发〔2016〕61号).

Idempotent without marker columns: each occasion is a notice key, and `notice_send` skips a
recipient who already holds it (a job run twice sends one notice)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send
from gongkai.orgs.permissions import users_with_role
from gongkai.participation.models import Consultation, ConsultationStatus, Opinion, Proposal
from gongkai.participation.transitions import HANDLER_ROLES

#: A 建议/提案 this many calendar days before its reply date is "due soon".
PROPOSAL_DUE_SOON_DAYS = 10


@transaction.atomic
def participation_remind(*, today: date | None = None, now: datetime | None = None) -> int:
    """Send the notices that are due; returns how many were created."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    ended = Consultation.objects.filter(
        status=ConsultationStatus.OPEN, ends_on__lt=today, feedback_published_at__isnull=True
    ).select_related("organ")
    for c in ended:
        sent += len(
            notice_send(
                recipients=users_with_role(c.organ, HANDLER_ROLES),
                kind=NoticeKind.OVERDUE,
                key=f"consultation-feedback-{c.pk}",
                organ=c.organ,
                subject=c,
                title=f"征求意见已截止，请公布采纳情况反馈：{c.title[:60]}",
                link=reverse("office_participation:consultation", args=[c.pk]),
            )
        )
    open_proposals = Proposal.objects.filter(
        replied_on__isnull=True, due_on__lte=today + timedelta(days=PROPOSAL_DUE_SOON_DAYS)
    ).select_related("organ")
    for p in open_proposals:
        late = p.due_on < today
        state = "已超期" if late else "即将到期"
        sent += len(
            notice_send(
                recipients=users_with_role(p.organ, HANDLER_ROLES),
                kind=NoticeKind.OVERDUE if late else NoticeKind.DUE_SOON,
                key=f"proposal-{'overdue' if late else 'due'}-{p.pk}-{p.due_on:%Y%m%d}",
                organ=p.organ,
                subject=p,
                title=f"{p.get_kind_display()}{state}（{p.due_on:%Y-%m-%d}）：{p.title[:50]}",
                link=reverse("office_participation:proposal", args=[p.pk]),
            )
        )
    waiting = Opinion.objects.filter(responded_at__isnull=True, response_due__lt=now)
    for o in waiting.select_related("organ"):
        sent += len(
            notice_send(
                recipients=users_with_role(o.organ, HANDLER_ROLES),
                kind=NoticeKind.OVERDUE,
                key=f"opinion-overdue-{o.pk}",
                organ=o.organ,
                subject=o,
                title=f"{o.get_level_display()}舆情已超过回应时限：{o.topic[:60]}",
                link=reverse("office_participation:opinion", args=[o.pk]),
            )
        )
    return sent
