"""Reads of 公众参与: permission-scoped querysets for the office, what the public sees, the
statistics, and `consultations_for_item` (the portal's way back from a final policy to its
consultation, without touching the catalog's models)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Count, F, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.core.actors import Actor
from gongkai.orgs.permissions import organ_q, role_map, roles_for
from gongkai.participation import rules
from gongkai.participation.models import (
    COUNTED,
    Comment,
    CommentChannel,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Decision,
    Opinion,
    OpinionLevel,
    Proposal,
    ProposalKind,
    QuestionKind,
    ReplyDisclosure,
    Survey,
)
from gongkai.participation.transitions import HANDLER_ROLES

M = TypeVar("M", bound=Model)
PUBLIC_STATES = [ConsultationStatus.OPEN, ConsultationStatus.CLOSED]


# ---- the office -----------------------------------------------------------------------------


def _visible(user: Actor, qs: QuerySet[M]) -> QuerySet[M]:
    return qs.filter(organ_q(user, role_map(user), *HANDLER_ROLES))


def _one(user: Actor, qs: QuerySet[M], pk: int, what: str) -> M:
    obj = qs.filter(pk=pk).first()
    if obj is None or not roles_for(user, obj.organ) & HANDLER_ROLES:  # type: ignore[attr-defined]
        raise Http404(f"没有这个{what}。")
    return obj


def visible_consultations(user: Actor) -> QuerySet[Consultation]:
    return _visible(user, Consultation.objects.select_related("organ")).annotate(
        pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING))
    )


def consultation_for_user(user: Actor, pk: int) -> Consultation:
    return _one(user, Consultation.objects.select_related("organ", "final_item"), pk, "征求意见")


def visible_surveys(user: Actor) -> QuerySet[Survey]:
    return _visible(user, Survey.objects.select_related("organ"))


def survey_for_user(user: Actor, pk: int) -> Survey:
    return _one(user, Survey.objects.select_related("organ"), pk, "调查")


def visible_proposals(user: Actor) -> QuerySet[Proposal]:
    return _visible(user, Proposal.objects.select_related("organ", "reply_item"))


def proposal_for_user(user: Actor, pk: int) -> Proposal:
    return _one(user, Proposal.objects.select_related("organ", "reply_item"), pk, "建议提案")


def visible_opinions(user: Actor) -> QuerySet[Opinion]:
    return _visible(user, Opinion.objects.select_related("organ", "response_item"))


def opinion_for_user(user: Actor, pk: int) -> Opinion:
    return _one(user, Opinion.objects.select_related("organ", "response_item"), pk, "舆情")


def overdue_opinions(user: Actor, *, now: datetime | None = None) -> QuerySet[Opinion]:
    """Unanswered 舆情 past their response limit, and those answered late (国办发〔2016〕61号)."""
    now = now or timezone.now()
    late = Q(responded_at__isnull=True, response_due__lt=now) | Q(
        responded_at__gt=F("response_due")
    )
    return visible_opinions(user).filter(late).order_by("response_due")


def items_for_linking(user: Actor, organ_ids: list[int]) -> QuerySet[Item]:
    """Public catalog items a consultation, proposal or 舆情 of these organs may link to."""
    return Item.objects.filter(organ_id__in=organ_ids, status="published").order_by("-published_at")


# ---- the public -----------------------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(status__in=PUBLIC_STATES).select_related("organ")


def public_consultation(pk: int) -> Consultation:
    found = public_consultations().select_related("final_item").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个征求意见。")
    return found


def shown_comments(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.filter(status=CommentStatus.SHOWN).order_by("created_at", "pk")


@dataclass
class CommentStatistics:
    """意见统计: received, by channel, and (once published) by 采纳情况."""

    total: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    shown: int = 0
    pending: int = 0
    hidden: int = 0
    by_decision: list[tuple[str, int]] = field(default_factory=list)


def comment_statistics(consultation: Consultation) -> CommentStatistics:
    comments = list(consultation.comments.values_list("channel", "status", "group__decision"))
    counted = [c for c in comments if c[1] in COUNTED]
    channels = Counter(ch for ch, _s, _d in counted)
    decisions = Counter(d for _c, _s, d in counted if d)
    return CommentStatistics(
        total=len(counted),
        by_channel=[
            (str(label), channels[v]) for v, label in CommentChannel.choices if channels[v]
        ],
        shown=sum(1 for c in comments if c[1] == CommentStatus.SHOWN),
        pending=sum(1 for c in comments if c[1] == CommentStatus.PENDING),
        hidden=sum(1 for c in comments if c[1] == CommentStatus.HIDDEN),
        by_decision=[(str(label), decisions[v]) for v, label in Decision.choices if decisions[v]],
    )


def feedback_groups(consultation: Consultation) -> list[Any]:
    return list(
        consultation.feedback_groups.annotate(
            comment_count=Count("comments", filter=Q(comments__status__in=COUNTED))
        )
    )


def consultations_for_item(item: Item) -> list[Consultation]:
    """The consultations whose final policy is `item` (the portal shows "本文件曾公开征求意见"
    with a link on the item's page)."""
    return list(public_consultations().filter(final_item=item).order_by("-ends_on"))


# ---- surveys --------------------------------------------------------------------------------


def public_surveys() -> QuerySet[Survey]:
    today = timezone.localdate()
    return Survey.objects.filter(starts_on__lte=today, questions__isnull=False).distinct()


def public_survey(pk: int) -> Survey:
    found = public_surveys().select_related("organ").filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个调查。")
    return found


@dataclass
class QuestionResult:
    text: str
    kind: str
    rows: list[tuple[str, int, int]]  # choice, count, percent
    texts: list[str]
    answered: int


def survey_results(survey: Survey, *, texts: int = 20) -> tuple[int, list[QuestionResult]]:
    """(number of answers, per question: counts and percentages, or the latest text answers)."""
    responses = list(survey.responses.values_list("answers", flat=True))
    results = []
    for q in survey.questions.all():
        given = [r[str(q.pk)] for r in responses if str(q.pk) in r]
        if q.kind == QuestionKind.TEXT:
            results.append(
                QuestionResult(q.text, q.kind, [], [str(t) for t in given][-texts:], len(given))
            )
            continue
        counts: Counter[int] = Counter()
        for value in given:
            counts.update(value if isinstance(value, list) else [value])
        n = len(given)
        rows = [
            (choice, counts[i], round(100 * counts[i] / n) if n else 0)
            for i, choice in enumerate(q.choices)
        ]
        results.append(QuestionResult(q.text, q.kind, rows, [], n))
    return len(responses), results


def results_public(survey: Survey) -> bool:
    return rules.results_public(closed=survey.is_closed(timezone.localdate()))


# ---- 建议提案 -------------------------------------------------------------------------------


def public_proposals(*, year: int | None = None, kind: str = "") -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(replied_on__isnull=False).select_related("organ", "reply_item")
    if year:
        qs = qs.filter(year=year)
    if kind in ProposalKind.values:
        qs = qs.filter(kind=kind)
    return qs


def public_proposal(pk: int) -> Proposal:
    found = public_proposals().filter(pk=pk).first()
    if found is None:
        raise Http404("没有这件建议提案的公开复文。")
    return found


def reply_is_full_text(proposal: Proposal) -> bool:
    item = proposal.reply_item
    return proposal.reply_disclosure == ReplyDisclosure.FULL and item is not None and item.is_public


@dataclass
class ProposalRow:
    organ: str
    npc: int = 0
    cppcc: int = 0
    replied: int = 0
    on_time: int = 0
    overdue: int = 0
    open: int = 0
    co_organised: int = 0

    @property
    def total(self) -> int:
        return self.npc + self.cppcc


def proposal_statistics(year: int, *, qs: QuerySet[Proposal] | None = None) -> list[ProposalRow]:
    """Per lead organ for the year: 人大建议 and 政协提案 received, replied (on time or late),
    still open, overdue, and those co-organised (for the annual report narrative)."""
    today = timezone.localdate()
    rows: dict[int, ProposalRow] = {}
    base = qs if qs is not None else Proposal.objects.all()
    for p in base.filter(year=year).select_related("organ").order_by("organ__tree_key"):
        row = rows.setdefault(p.organ_id, ProposalRow(p.organ.name))
        if p.kind == ProposalKind.NPC:
            row.npc += 1
        else:
            row.cppcc += 1
        if p.replied_on:
            row.replied += 1
            if p.replied_on <= p.due_on:
                row.on_time += 1
            else:
                row.overdue += 1
        else:
            row.open += 1
            if today > p.due_on:
                row.overdue += 1
    co = Proposal.co_organs.through.objects.filter(proposal__year=year).values("organ_id")
    for entry in co.annotate(n=Count("proposal_id")):
        if entry["organ_id"] in rows:
            rows[entry["organ_id"]].co_organised = entry["n"]
    return list(rows.values())


# ---- 舆情 -----------------------------------------------------------------------------------


def public_responses() -> QuerySet[Opinion]:
    """回应关切: the 舆情 answered with a public link."""
    return Opinion.objects.filter(responded_at__isnull=False).select_related(
        "organ", "response_item"
    )


@dataclass
class OpinionYear:
    level: str
    total: int
    responded: int
    on_time: int
    press: int


def opinion_statistics(year: int, *, qs: QuerySet[Opinion] | None = None) -> list[OpinionYear]:
    """Yearly counts by level for the annual report: recorded, answered, within the limit,
    press conferences held."""
    base = qs if qs is not None else Opinion.objects.all()
    rows = []
    items = list(base.filter(noticed_at__year=year))
    for value, label in OpinionLevel.choices:
        of_level = [o for o in items if o.level == value]
        rows.append(
            OpinionYear(
                level=str(label),
                total=len(of_level),
                responded=sum(1 for o in of_level if o.responded_at),
                on_time=sum(
                    1 for o in of_level if o.responded_at and o.responded_at <= o.response_due
                ),
                press=sum(1 for o in of_level if o.press_at),
            )
        )
    return rows
