"""Reading the calendar from the database (the selectors of the working-day calendar)."""

from __future__ import annotations

from django.db import DatabaseError

from gongkai.core.workcal.calendar import WorkCalendar
from gongkai.core.workcal.content import (
    Snapshot,
    calendar_from_snapshot,
    make_snapshot,
    seed_calendar,
    snapshot_hash,
    version_label,
    year_entry,
)
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear

# Calendars built from version snapshots, by label. A label names immutable content, so entries
# never go stale, even when a test transaction rolls a newer version back.
_built: dict[str, WorkCalendar] = {}
_MAX_BUILT = 8


def _remember(label: str, cal: WorkCalendar) -> WorkCalendar:
    if len(_built) >= _MAX_BUILT:
        _built.pop(next(iter(_built)))
    _built[label] = cal
    return cal


def current_calendar() -> WorkCalendar:
    """The latest calendar version; the chinese-calendar seed (`v0-…`) when the database has none.

    The fallback covers a database that is not migrated yet (checks run before `migrate`) or was
    flushed.
    One small query per call: the latest version's number and hash.
    """
    try:
        row = (
            CalendarVersion.objects.order_by("-number")
            .values_list("number", "content_hash")
            .first()
        )
    except DatabaseError:
        return seed_calendar()
    if row is None:
        return seed_calendar()
    label = version_label(*row)
    cal = _built.get(label)
    if cal is None:
        data = CalendarVersion.objects.values_list("data", flat=True).get(number=row[0])
        cal = _remember(label, calendar_from_snapshot(data, label))
    return cal


def calendar_for_version(label: str) -> WorkCalendar:
    """The calendar exactly as it was in version `label` (e.g. to recompute or audit a deadline)."""
    if label in _built:
        return _built[label]
    seed = seed_calendar()
    if label == seed.version:
        return seed
    try:
        number_text, hash_prefix = label.removeprefix("v").split("-", 1)
        version = CalendarVersion.objects.get(number=int(number_text))
    except (ValueError, CalendarVersion.DoesNotExist):
        raise LookupError(f"未找到工作日历版本 {label}") from None
    if not version.content_hash.startswith(hash_prefix):
        raise LookupError(f"工作日历版本 {label} 的内容摘要不符")
    return _remember(label, calendar_from_snapshot(version.data, label))


def database_snapshot() -> Snapshot:
    """The calendar tables as a canonical snapshot (what a new version stores and hashes)."""
    years: dict[int, dict[str, dict]] = {}
    statuses = dict(CalendarYear.objects.values_list("year", "status"))
    per_year: dict[int, tuple[dict, dict]] = {y: ({}, {}) for y in statuses}
    days = CalendarDay.objects.values_list("calendar_year__year", "date", "kind", "name")
    for year, day, kind, name in days:
        target = per_year[year][0] if kind == CalendarDay.Kind.HOLIDAY else per_year[year][1]
        target[day] = name
    for year, (holidays, workdays) in per_year.items():
        years[year] = year_entry(statuses[year], holidays, workdays)
    return make_snapshot(years)


def database_hash() -> str:
    return snapshot_hash(database_snapshot())
