"""Reads of the registers: the public lists, the staff lists (permission-scoped), and the
annual report's 规范性文件 figures (table 二, 第二十条第（一）项)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate

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


def organs_keeping_register(organ_ids: Any) -> QuerySet[Organ]:
    """Of `organ_ids` (a list or a subquery of organ ids), the organs that keep a 规范性文件
    register (统一编号: they have a number series). For them table 二 counts the register,
    not the catalog's 政策文件 columns."""
    return Organ.objects.filter(pk__in=organ_ids, norm_series__isnull=False)


def register_table2_row(*, organ_ids: Any, start: date, end: date) -> dict[str, int]:
    """年报表二 “规范性文件” row counted from the registers of `organ_ids` (each organ its own
    documents; a subtree's report adds them up), 条例第二十条第（一）项, in one query:

    - 制发 (2021 format) / 新制作 (2019 format): entries 签发 between `start` and `end`;
    - 废止: entries whose catalog item became 已废止 in the period (its 有效性变更日期);
    - 现行有效 on `end`: 签发 by then, not lapsed by then, and not 已废止/已失效 by then (an
      已修改 document stays in force);
    - 新公开 / 对外公开总数: entries whose item was published in the period / by `end`."""
    signed = RegisterEntry.objects.filter(organ_id__in=organ_ids, signed_on__isnull=False)
    ended_by_then = Q(
        item__validity__in=[Validity.REPEALED, Validity.EXPIRED],
        item__validity_changed_on__lte=end,
    ) | Q(expires_on__lte=end)
    published_on = TruncDate("item__published_at")
    counts = signed.annotate(published_on=published_on).aggregate(
        issued=Count("pk", filter=Q(signed_on__range=(start, end))),
        repealed=Count(
            "pk",
            filter=Q(
                item__validity=Validity.REPEALED,
                item__validity_changed_on__range=(start, end),
            ),
        ),
        in_force=Count("pk", filter=Q(signed_on__lte=end) & ~ended_by_then),
        new_published=Count("pk", filter=Q(published_on__range=(start, end))),
        total_published=Count("pk", filter=Q(published_on__lte=end)),
    )
    row = {key: int(value or 0) for key, value in counts.items()}
    row["new_made"] = row["issued"]
    return row


def normative_counts(*, organ: Organ, year: int) -> NormativeCounts:
    """The organ's own register (not its subtree: each organ reports its own documents)."""
    row = register_table2_row(organ_ids=[organ.pk], start=date(year, 1, 1), end=date(year, 12, 31))
    return NormativeCounts(issued=row["issued"], repealed=row["repealed"], in_force=row["in_force"])


def register_numbers(item_ids: list[int]) -> dict[int, str]:
    """登记编号 of those items that are in a register (the 政策文件库 shows it by the 文号)."""
    return dict(RegisterEntry.objects.filter(item_id__in=item_ids).values_list("item_id", "number"))


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
    "organs_keeping_register",
    "public_draws",
    "public_entries",
    "published_campaigns",
    "published_result",
    "register_numbers",
    "register_table2_row",
    "staff_overview",
]
