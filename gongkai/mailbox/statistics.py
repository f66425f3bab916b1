"""Monthly statistics of the mailbox, per organ and for an organ's whole subtree, from recorded
dates and determinations (never from free text): the public page, its XLSX export and the
annual report narrative read the same rows.

A letter counts for the month it was written and for the organ handling it. 留言数: letters not
screened out (不予受理 and 重复 are left out); 已答复: of those, answered; 答复率: 已答复 ÷ 留言数;
平均办理用时: working days from writing to reply (`deadlines.handling_working_days`, stored at
the reply); 超期数: answered after the due date, or unanswered past it; 满意率: 满意 and 基本满意
÷ rated (默认满意 included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gongkai.mailbox.models import SCREENED_OUT, UNANSWERED, Letter, Satisfaction
from gongkai.orgs.models import Organ

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Figures:
    label: str
    depth: int
    received: int
    answered: int
    overdue: int
    rated: int
    satisfied: int
    handling_days: int  # the sum, for the average

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def average_days(self) -> float | None:
        return self.handling_days / self.answered if self.answered else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


HEADERS = ("机关", "留言数", "已答复", "答复率", "平均办理用时（工作日）", "超期数", "满意率")


def parse_month(value: str) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    return (int(match[1]), int(match[2])) if match else None


def month_statistics(
    organ: Organ, year: int, month: int, *, today: date | None = None
) -> tuple[list[Figures], Figures]:
    """(one row per organ of the subtree, in tree order; the subtree's total)."""
    today = today or timezone.localdate()
    organs = list(organ.subtree().order_by("tree_key"))
    letters = Letter.objects.filter(
        organ__in=organs, submitted_on__year=year, submitted_on__month=month
    ).exclude(status__in=SCREENED_OUT)
    late_open = Q(status__in=UNANSWERED, due_date__lt=today)
    good = [Satisfaction.SATISFIED, Satisfaction.BASIC]
    counts = {
        row["organ_id"]: row
        for row in letters.values("organ_id").annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(replied_on__isnull=False)),
            overdue=Count("pk", filter=Q(overdue=True) | late_open),
            rated=Count("pk", filter=~Q(satisfaction="")),
            satisfied=Count("pk", filter=Q(satisfaction__in=good)),
            days=Sum("handling_working_days", filter=Q(replied_on__isnull=False)),
        )
    }
    base = len(organ.tree_key)
    rows = []
    for o in organs:
        c: Any = counts.get(o.pk, {})
        rows.append(
            Figures(
                label=o.name,
                depth=max((len(o.tree_key) - base) // 4, 0),
                received=c.get("received", 0),
                answered=c.get("answered", 0),
                overdue=c.get("overdue", 0),
                rated=c.get("rated", 0),
                satisfied=c.get("satisfied", 0),
                handling_days=c.get("days") or 0,
            )
        )
    total = Figures(
        label=f"{organ.name}（含下级）",
        depth=0,
        received=sum(r.received for r in rows),
        answered=sum(r.answered for r in rows),
        overdue=sum(r.overdue for r in rows),
        rated=sum(r.rated for r in rows),
        satisfied=sum(r.satisfied for r in rows),
        handling_days=sum(r.handling_days for r in rows),
    )
    return rows, total


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
