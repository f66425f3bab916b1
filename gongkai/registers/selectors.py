"""Reads of the registers: the public lists, the staff lists (permission-scoped), and the
annual report's 规范性文件 figures (table 二, 第二十条第（一）项)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.catalog.models import WITHDRAWN_STATES, Attribute, Status, Validity
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organs_for
from gongkai.registers.models import (
    IN_FORCE,
    Campaign,
    CampaignLine,
    CampaignStatus,
    Draw,
    DrawStatus,
    EntryStatus,
    Pool,
    Proposal,
    RegisterEntry,
)

# ---- the annual report ---------------------------------------------------------------------


@dataclass(frozen=True)
class NormativeCounts:
    """年报表二 “规范性文件” row: 本年制发件数, 本年废止件数, 现行有效件数."""

    issued: int
    repealed: int
    in_force: int


def normative_counts(*, organ: Organ, year: int) -> NormativeCounts:
    """The organ's own register (not its subtree: each organ reports its own documents).

    - 制发: entries 签发 in `year`;
    - 废止: entries whose catalog item became 已废止 in `year` (its 有效性变更日期);
    - 现行有效 on 31 December: 签发 by then, not lapsed by then, and not 已废止/已失效 by then
      (an 已修改 document stays in force)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    own = RegisterEntry.objects.filter(organ=organ, signed_on__isnull=False)
    issued = own.filter(signed_on__range=(start, end)).count()
    repealed = own.filter(
        item__validity=Validity.REPEALED, item__validity_changed_on__range=(start, end)
    ).count()
    ended_by_then = Q(
        item__validity__in=[Validity.REPEALED, Validity.EXPIRED],
        item__validity_changed_on__lte=end,
    ) | Q(expires_on__lte=end)
    in_force = own.filter(signed_on__lte=end).exclude(ended_by_then).count()
    return NormativeCounts(issued=issued, repealed=repealed, in_force=in_force)


# ---- public lists ----------------------------------------------------------------------------


def public_entries(*, organ: Organ | None = None, q: str = "") -> QuerySet[RegisterEntry]:
    """Entries 签发 whose catalog item is public (the register as the portal shows it)."""
    rows = (
        RegisterEntry.objects.filter(status__in=[*IN_FORCE, EntryStatus.LAPSED])
        .select_related("organ", "item")
        .order_by("organ__tree_key", "-year", "-serial")
    )
    if organ is not None:
        rows = rows.filter(organ__path__startswith=organ.path)
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(item__title__icontains=q))
    return rows.filter(
        item__status__in=[Status.PUBLISHED, *WITHDRAWN_STATES],
        item__attribute__in=[Attribute.PROACTIVE, Attribute.REDACTED],
    )


def entry_for_item(item_id: int) -> RegisterEntry | None:
    """The register entry of a catalog item (for the 政策文件库 page: number and validity)."""
    return RegisterEntry.objects.filter(item_id=item_id).first()


@dataclass(frozen=True)
class ValidityChange:
    on: date | None
    validity: str
    note: str


def validity_history(item: Any) -> list[ValidityChange]:
    """The item's 有效性 changes (签发's and the lapse job's), oldest first, from its 办理记录."""
    from gongkai.core.models import AuditEvent

    labels = dict(Validity.choices)
    changes = []
    events = AuditEvent.objects.for_object(item).filter(action__in=["item.validity", "item.expire"])
    for event in events.order_by("created_at", "pk"):
        data = event.data or {}
        changes.append(
            ValidityChange(
                on=event.created_at.date(),
                validity=str(labels.get(data.get("to", ""), data.get("to", ""))),
                note=str(data.get("note", "")),
            )
        )
    return changes


def published_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=CampaignStatus.PUBLISHED).select_related("organ")


def campaign_groups(campaign: Campaign) -> list[tuple[str, str, list[CampaignLine]]]:
    """The published lists: one per proposal (value, label, lines)."""
    lines = list(campaign.lines.select_related("entry__organ", "entry__item"))
    return [
        (value, label, [line for line in lines if line.proposal == value])
        for value, label in Proposal.choices
    ]


def public_draws() -> QuerySet[Draw]:
    return Draw.objects.select_related("organ").order_by("-announced_at", "-pk")


def published_result(draw: Draw) -> list[tuple[str, tuple[str, ...]]]:
    """What the draw published: subject codes in order, each with its inspectors' codes."""
    return [
        (r.subject_code, tuple(str(p["code"]) for p in r.inspectors))
        for r in draw.results.order_by("rank")
    ]


# ---- staff lists -------------------------------------------------------------------------------


def staff_overview(user: Any) -> dict[str, Any]:
    """What the back-office index lists: the user's organs' entries, campaigns, pools, draws."""
    organs = organs_for(user)
    entries = RegisterEntry.objects.filter(organ__in=organs).select_related("organ", "item")
    return {
        "entries": entries.order_by("organ__tree_key", "-year", "-serial")[:200],
        "campaigns": Campaign.objects.filter(
            Q(organ__in=organs) | Q(lines__entry__organ__in=organs)
        )
        .distinct()
        .select_related("organ"),
        "pools": Pool.objects.filter(organ__in=organs).select_related("organ"),
        "draws": Draw.objects.filter(organ__in=organs).select_related("organ"),
        "organs": organs,
    }


__all__ = [
    "DrawStatus",
    "NormativeCounts",
    "campaign_groups",
    "entry_for_item",
    "normative_counts",
    "public_draws",
    "public_entries",
    "published_campaigns",
    "published_result",
    "staff_overview",
]
