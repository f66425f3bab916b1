"""Reads of the periodic disclosure: the calendar of what is due and overdue, the staff lists
(permission-scoped) and the public lists.

The calendar is computed from the schedules (`deadlines.py`) and merged with the stored
occurrences; reading it never writes. It is bounded: at most `MAX_MONTHS` months per request
(a larger range is cut, with a Chinese note saying so) and at most `deadlines.MAX_PERIODS`
periods per schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from gongkai.core.workcal.calendar import WorkCalendar, default_calendar
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import organs_for
from gongkai.periodic.deadlines import (
    MAX_PERIODS,
    Due,
    Period,
    disclosure_state,
    due_after_period_end,
    due_after_trigger,
    period_of,
    periods_between,
)
from gongkai.periodic.models import (
    Dataset,
    DatasetStatus,
    DueBasis,
    Frequency,
    Occurrence,
    OccurrenceState,
    Schedule,
)

#: A calendar request covers at most this many months (issue 19: no endless calendars).
MAX_MONTHS = 24
#: How far before a window a period may end and still fall due in it (yearly + a long rule).
_LOOKBACK_DAYS = 400


@dataclass
class Row:
    """One period of a schedule: its due date (explained) and its state."""

    schedule: Schedule
    period: Period
    due: Due | None
    occurrence: Occurrence | None
    state: str
    datasets: list[Dataset] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(OccurrenceState(self.state).label)

    @property
    def due_on(self) -> date | None:
        return self.due.due_on if self.due else None

    @property
    def awaiting_trigger(self) -> bool:
        return self.due is None


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    note: str = ""  # why the window is smaller than asked (empty: as asked)


def month_window(first: date, months: int) -> Window:
    """The months from `first`'s month on; more than `MAX_MONTHS` is cut, and the note says so."""
    note = ""
    if months < 1:
        months = 1
    if months > MAX_MONTHS:
        note = (
            f"请求的范围过大（{months}个月），日历每次最多显示{MAX_MONTHS}个月，"
            f"已只显示前{MAX_MONTHS}个月。"
        )
        months = MAX_MONTHS
    start = date(first.year, first.month, 1)
    index = start.year * 12 + start.month - 1 + months
    end = date(index // 12, index % 12 + 1, 1) - timedelta(days=1)
    return Window(start, end, note)


def due_of(
    schedule: Schedule, period: Period, occ: Occurrence | None, cal: WorkCalendar
) -> Due | None:
    if schedule.due_basis == DueBasis.TRIGGER:
        if occ is None or occ.trigger_on is None:
            return None
        return due_after_trigger(
            occ.trigger_on,
            schedule.due_days,
            schedule.day_kind,
            cal,
            trigger_label=schedule.trigger_label,
        )
    return due_after_period_end(period, schedule.due_days, schedule.day_kind, cal)


def _periods(schedule: Schedule, start: date, end: date) -> list[Period]:
    """The schedule's periods ending in [start, end] (never before its first period). A period
    due after a trigger can fall due before it ends (the 2026 budget is approved in March
    2026): for those, the period under way at `end` is included too."""
    if schedule.frequency == Frequency.EVENT:
        return []
    if schedule.due_basis == DueBasis.TRIGGER:
        end = period_of(schedule.frequency, end).end
    first = max(start, period_of(schedule.frequency, schedule.starts_on).start)
    return list(periods_between(schedule.frequency, first, end, limit=MAX_PERIODS))


def schedule_rows(
    schedule: Schedule,
    *,
    start: date,
    end: date,
    today: date,
    cal: WorkCalendar | None = None,
    stored: dict[date, Occurrence] | None = None,
) -> list[Row]:
    """Every period of `schedule` that ends in [start, end], plus its event occurrences there."""
    cal = cal or default_calendar()
    if stored is None:
        stored = {o.period_start: o for o in schedule.occurrences.all()}
    periods = {p.start: p for p in _periods(schedule, start, end)}
    for kept in stored.values():
        if start <= kept.period_end <= end and kept.period_start not in periods:
            periods[kept.period_start] = Period(kept.period_start, kept.period_end, kept.label)
    rows = []
    for period in sorted(periods.values(), key=lambda p: p.start)[-MAX_PERIODS:]:
        occ = stored.get(period.start)
        due = due_of(schedule, period, occ, cal)
        fulfilled = occ.fulfilled_on if occ else None
        rows.append(
            Row(
                schedule,
                period,
                due,
                occ,
                disclosure_state(due.due_on if due else None, fulfilled, today),
            )
        )
    return rows


def _schedules(organs: Iterable[Organ]) -> QuerySet[Schedule]:
    return (
        Schedule.objects.filter(organ__in=list(organs), is_active=True)
        .select_related("organ", "column")
        .prefetch_related("occurrences__item")
        .order_by("organ__tree_key", "title", "pk")
    )


def calendar(
    *, organs: Iterable[Organ], window: Window, today: date, cal: WorkCalendar | None = None
) -> list[Row]:
    """The rows falling due in the window (by due date), the periods awaiting their trigger
    date, and in any case every period still overdue (so nothing late hides in another month).
    Sorted by due date; rows without one last."""
    cal = cal or default_calendar()
    rows: list[Row] = []
    for schedule in _schedules(organs):
        stored = {o.period_start: o for o in schedule.occurrences.all()}
        candidates = schedule_rows(
            schedule,
            start=min(window.start, today) - timedelta(days=_LOOKBACK_DAYS),
            end=max(window.end, today),
            today=today,
            cal=cal,
            stored=stored,
        )
        for row in candidates:
            in_window = row.due_on is not None and window.start <= row.due_on <= window.end
            waiting = (
                row.due_on is None
                and row.state == OccurrenceState.PENDING
                and row.period.start <= window.end
                and row.period.end >= window.start
            )
            if in_window or waiting or row.state == OccurrenceState.OVERDUE:
                rows.append(row)
    attach_datasets(rows)
    return sorted(rows, key=lambda r: (r.due_on or date.max, r.schedule.title))


def attach_datasets(rows: list[Row]) -> None:
    ids = [r.occurrence.pk for r in rows if r.occurrence is not None]
    by_occ: dict[int, list[Dataset]] = {}
    for ds in Dataset.objects.filter(occurrence_id__in=ids).order_by("pk"):
        by_occ.setdefault(ds.occurrence_id or 0, []).append(ds)
    for row in rows:
        if row.occurrence is not None:
            row.datasets = by_occ.get(row.occurrence.pk, [])


def counts(rows: Iterable[Row]) -> dict[str, int]:
    out = {s.value: 0 for s in OccurrenceState}
    for row in rows:
        out[row.state] += 1
    return out


# ---- staff lists -----------------------------------------------------------------------------


def staff_organs(user: Any) -> QuerySet[Organ]:
    """The organs whose schedules the user sees (any post there, or above as 公开办)."""
    return organs_for(user).order_by("tree_key")


def subtree(organ: Organ) -> QuerySet[Organ]:
    return Organ.objects.filter(path__startswith=organ.path).order_by("tree_key")


def staff_schedules(organs: Iterable[Organ]) -> QuerySet[Schedule]:
    return (
        Schedule.objects.filter(organ__in=list(organs))
        .select_related("organ", "column")
        .order_by("organ__tree_key", "title", "pk")
    )


def staff_datasets(organs: Iterable[Organ]) -> QuerySet[Dataset]:
    return (
        Dataset.objects.filter(organ__in=list(organs))
        .select_related("organ", "schedule", "occurrence")
        .order_by("-created_at", "-pk")
    )


# ---- public ----------------------------------------------------------------------------------


def public_datasets(*, organ: Organ | None = None) -> QuerySet[Dataset]:
    rows = Dataset.objects.filter(status=DatasetStatus.PUBLISHED).select_related(
        "organ", "schedule", "occurrence"
    )
    if organ is not None:
        rows = rows.filter(organ=organ)
    return rows.order_by("-published_at", "-pk")


def public_organs() -> QuerySet[Organ]:
    """Organs with an active schedule or a published dataset (the portal's index)."""
    with_schedules = set(Schedule.objects.filter(is_active=True).values_list("organ_id", flat=True))
    with_data = set(
        Dataset.objects.filter(status=DatasetStatus.PUBLISHED).values_list("organ_id", flat=True)
    )
    return Organ.objects.filter(pk__in=with_schedules | with_data).order_by("tree_key")


def public_schedules(organ: Organ) -> QuerySet[Schedule]:
    return Schedule.objects.filter(organ=organ, is_active=True).select_related("column")
