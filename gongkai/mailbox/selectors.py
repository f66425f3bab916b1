"""Reads of the mailbox: permission-scoped querysets for the office, the public's published
letters, the writer's lookup (no existence leak), and the figures the website inspection reads
(`inspection_figures`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_data_text, timeline_row
from gongkai.core.formguard import tail_matches
from gongkai.core.models import AuditEvent
from gongkai.mailbox import deadlines
from gongkai.mailbox.models import (
    UNANSWERED,
    Channel,
    Letter,
    LetterType,
    Status,
)
from gongkai.mailbox.transitions import APPROVER_ROLES, HANDLER_ROLES, Event, audit_action
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organ_q, role_map, roles_for, users_with_role

STATUS_LABELS = dict(Status.choices)
STAFF_ROLES = HANDLER_ROLES | APPROVER_ROLES


# ---- the office -----------------------------------------------------------------------------


def visible_letters(user: Actor) -> QuerySet[Letter]:
    """Letters of the organs where the user handles or approves (a 公开办 sees its subtree)."""
    return Letter.objects.filter(organ_q(user, role_map(user), *STAFF_ROLES)).select_related(
        "organ", "channel"
    )


def letter_for_user(user: Actor, pk: int) -> tuple[Letter, set[str]]:
    """The letter and the user's roles in its organ; 404 for a letter the user may not see
    (its existence is not confirmed either)."""
    letter = (
        Letter.objects.select_related("organ", "channel__organ", "duplicate_of")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise Http404("没有这件留言。")
    roles = roles_for(user, letter.organ)
    if not roles & STAFF_ROLES and not roles_for(user, letter.channel.organ) & HANDLER_ROLES:
        raise Http404("没有这件留言。")
    return letter, roles


def queue(user: Actor, *, status: str = "", q: str = "", overdue: bool = False) -> QuerySet[Letter]:
    qs = visible_letters(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(title__icontains=q))
    if overdue:
        qs = qs.filter(status__in=UNANSWERED, due_date__lt=timezone.localdate())
    return qs.order_by("due_date", "-submitted_at")


def transfer_targets(letter: Letter) -> QuerySet[Organ]:
    """Organs the letter may go to: those of its tree (the mailbox's top organ and below),
    except the one holding it."""
    root = letter.channel.organ.path.strip("/").split("/")[0]
    return Organ.objects.filter(path__startswith=f"/{root}/").exclude(pk=letter.organ_id)


def possible_originals(letter: Letter) -> QuerySet[Letter]:
    """Earlier letters of the same writer, for 重复留言."""
    same = Q(phone=letter.phone) | (Q(id_number=letter.id_number) if letter.id_number else Q())
    return (
        Letter.objects.filter(same, submitted_at__lt=letter.submitted_at)
        .exclude(pk=letter.pk)
        .order_by("-submitted_at")[:10]
    )


def staff_timeline(letter: Letter) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(object_type="mailbox.letter", object_id=str(letter.pk))
    return [
        timeline_row(
            e,
            status_labels=STATUS_LABELS,
            detail=audit_data_text(e.data, action=e.action),
        )
        for e in events.order_by("created_at", "pk")
    ]


_PUBLIC_EVENTS = {
    audit_action(Event.RECEIVE).value: "收到留言",
    audit_action(Event.ACCEPT).value: "已受理",
    audit_action(Event.ASSIGN).value: "已转交办理机关",
    audit_action(Event.TRANSFER).value: "已转交办理机关",
    audit_action(Event.REJECT).value: "不予受理",
    audit_action(Event.MARK_DUPLICATE).value: "认定为重复留言",
    audit_action(Event.APPROVE_REPLY).value: "已答复",
    audit_action(Event.RATE).value: "已评价",
    audit_action(Event.DEFAULT_RATE).value: "逾期未评价，默认满意",
}


def public_timeline(letter: Letter) -> list[dict[str, Any]]:
    """What the writer sees: the steps, no names of staff, no internal comments."""
    events = AuditEvent.objects.filter(
        object_type="mailbox.letter", object_id=str(letter.pk), action__in=list(_PUBLIC_EVENTS)
    )
    return [
        {"when": e.created_at, "what": _PUBLIC_EVENTS[e.action]}
        for e in events.order_by("created_at", "pk")
    ]


def recent_by_writer(*, phone: str, id_number: str = "", hours: int = 24) -> int:
    """Letters from the same writer (phone or ID number) in the last hours (per-person limit)."""
    since = timezone.now() - timedelta(hours=hours)
    same = Q(phone=phone.strip() or "-")
    if id_number.strip():
        same |= Q(id_number=id_number.strip().upper())
    return Letter.objects.filter(same, submitted_at__gte=since).count()


def letter_by_code(code: str, tail: str) -> Letter | None:
    """The letter for 查询码 + 尾号, or None — the same None whether the code is unknown or the
    tail wrong, and the same work either way, so the page never reveals which codes exist."""
    letter = Letter.objects.select_related("organ", "channel__organ").filter(query_code=code)
    found = letter.first()
    if found is None:
        tail_matches(tail, phone="0000", ident="0000")
        return None
    return found if tail_matches(tail, phone=found.phone, ident=found.id_number) else None


# ---- the public -----------------------------------------------------------------------------


def open_channels() -> QuerySet[Channel]:
    return (
        Channel.objects.filter(active=True)
        .select_related("organ")
        .order_by("organ__tree_key", "sort_order")
    )


def published_letters(
    *, q: str = "", letter_type: str = "", organ: Organ | None = None, month: str = ""
) -> QuerySet[Letter]:
    """Published letters, newest reply first; `organ` includes the organs below it; `month` is
    "YYYY-MM" of the writing."""
    qs = Letter.objects.filter(published=True).select_related("reply_organ", "organ", "channel")
    if q:
        qs = qs.filter(
            Q(published_title__icontains=q)
            | Q(published_body__icontains=q)
            | Q(published_reply__icontains=q)
        )
    if letter_type in LetterType.values:
        qs = qs.filter(letter_type=letter_type)
    if organ is not None:
        qs = qs.filter(organ__path__startswith=organ.path)
    if month:
        year, mon = (int(x) for x in month.split("-"))
        qs = qs.filter(submitted_on__year=year, submitted_on__month=mon)
    return qs.order_by("-replied_on", "-pk")


def published_letter(pk: int) -> Letter:
    letter = published_letters().filter(pk=pk).first()
    if letter is None:
        raise Http404("没有这件公开的留言。")
    return letter


# ---- the veto: oldest unanswered letters, working channels ----------------------------------


@dataclass(frozen=True)
class ChannelFigure:
    name: str
    kind: str
    organ: str
    active: bool
    working: bool  # open, and someone in post to handle its letters
    url: str


@dataclass(frozen=True)
class WaitingFigure:
    reference: str
    title: str
    organ: str
    submitted_on: date
    days_waiting: int
    veto_date: date
    overdue: bool


@dataclass(frozen=True)
class InspectionFigures:
    """What the website inspection (互动回应差, legal-rules §4.1) reads for an organ's site."""

    organ: str
    channels: tuple[ChannelFigure, ...]
    has_working_channel: bool
    oldest_unanswered: WaitingFigure | None
    unanswered_over_three_months: int


def _waiting(letter: Letter, today: date) -> WaitingFigure:
    return WaitingFigure(
        reference=letter.reference,
        title=letter.title,
        organ=letter.organ.name,
        submitted_on=letter.submitted_on,
        days_waiting=(today - letter.submitted_on).days,
        veto_date=deadlines.veto_date(letter.submitted_on).day,
        overdue=letter.due_date is not None and letter.due_date < today,
    )


def unanswered(organs: QuerySet[Organ] | list[Organ]) -> QuerySet[Letter]:
    """Valid letters not answered yet in `organs`, oldest first."""
    return (
        Letter.objects.filter(status__in=UNANSWERED, organ__in=organs)
        .select_related("organ")
        .order_by("submitted_on", "pk")
    )


def inspection_figures(organ: Organ, *, today: date | None = None) -> InspectionFigures:
    """For the monitor: the organ's channels (and whether they work) and, over the organ and
    the organs below it (its site), the oldest valid letter still unanswered and how many have
    waited more than three months."""
    from django.urls import reverse

    today = today or timezone.localdate()
    channels = []
    for channel in Channel.objects.filter(organ=organ).order_by("sort_order", "pk"):
        staffed = users_with_role(organ, HANDLER_ROLES).exists()
        channels.append(
            ChannelFigure(
                name=channel.name,
                kind=channel.kind,
                organ=organ.name,
                active=channel.active,
                working=channel.active and staffed,
                url=reverse("mailbox:write", args=[channel.pk]),
            )
        )
    waiting = unanswered(organ.subtree())
    oldest = waiting.first()
    over = sum(
        1
        for submitted in waiting.values_list("submitted_on", flat=True)
        if deadlines.veto_date(submitted).day < today
    )
    return InspectionFigures(
        organ=organ.name,
        channels=tuple(channels),
        has_working_channel=any(c.working for c in channels),
        oldest_unanswered=_waiting(oldest, today) if oldest else None,
        unanswered_over_three_months=over,
    )


@dataclass(frozen=True)
class OversightRow:
    organ: Organ
    open_count: int
    overdue_count: int
    oldest: WaitingFigure | None
    channels: int
    alert_level: int


def oversight(user: Actor, *, today: date | None = None) -> list[OversightRow]:
    """The 公开办's dashboard (a handler's or leader's too, for their organs): per organ, the
    oldest unanswered letter (days waited, the veto date), how many are open and overdue, and
    whether it has a channel."""
    today = today or timezone.localdate()
    if getattr(user, "is_superuser", False):
        organs = Organ.objects.all()
    else:
        held = role_map(user)
        organs = Organ.objects.filter(pk__in=[pk for pk, r in held.items() if r & STAFF_ROLES])
    organs = organs.order_by("tree_key")
    by_organ: dict[int, list[Letter]] = {}
    for letter in unanswered(organs):  # one query, oldest first
        by_organ.setdefault(letter.organ_id, []).append(letter)
    channel_counts: dict[int, int] = {}
    for organ_id in Channel.objects.filter(active=True, organ__in=organs).values_list(
        "organ_id", flat=True
    ):
        channel_counts[organ_id] = channel_counts.get(organ_id, 0) + 1
    rows = []
    for organ in organs:
        waiting = by_organ.get(organ.pk, [])
        rows.append(
            OversightRow(
                organ=organ,
                open_count=len(waiting),
                overdue_count=sum(
                    1 for w in waiting if w.due_date is not None and w.due_date < today
                ),
                oldest=_waiting(waiting[0], today) if waiting else None,
                channels=channel_counts.get(organ.pk, 0),
                alert_level=max((w.alert_level for w in waiting), default=0),
            )
        )
    rows.sort(key=lambda r: r.oldest.submitted_on if r.oldest else date.max)
    return rows
