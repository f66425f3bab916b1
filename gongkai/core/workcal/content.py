"""The calendar as plain data: the snapshot stored with each version, its hash, the package seed.

A snapshot is JSON-friendly and canonical, so the same content always hashes the same:

    {"format": 1,
     "years": {"2025": {"status": "published",
                        "holidays": {"2025-01-01": "元旦", ...},
                        "workdays": {"2025-01-26": "春节", ...}}}}

`status` is "published" (已发布通知) or "provisional" (暂定). A day listed under a year may lie
in late December of the year before: the notice for N can move the days around 1 January
(legal-rules §6.1). The data migration `0003_workcal_seed_2004_2026` repeats the seed logic inline
(migrations must not import app code); a test checks both give the same hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from typing import Any

from gongkai.core.workcal.calendar import WorkCalendar

SNAPSHOT_FORMAT = 1
PUBLISHED = "published"
PROVISIONAL = "provisional"
SEED_YEARS = range(2004, 2027)

# chinese-calendar names its holidays in English; the calendar speaks Chinese.
PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

Snapshot = dict[str, Any]


def snapshot_hash(snapshot: Snapshot) -> str:
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_label(number: int, content_hash: str) -> str:
    """`v3-1a2b3c4d5e6f`: the version number, then the start of the content hash."""
    return f"v{number}-{content_hash[:12]}"


def year_entry(status: str, holidays: dict[date, str], workdays: dict[date, str]) -> dict[str, Any]:
    return {
        "status": status,
        "holidays": {d.isoformat(): holidays[d] for d in sorted(holidays)},
        "workdays": {d.isoformat(): workdays[d] for d in sorted(workdays)},
    }


def make_snapshot(years: dict[int, dict[str, Any]]) -> Snapshot:
    return {"format": SNAPSHOT_FORMAT, "years": {str(y): years[y] for y in sorted(years)}}


def calendar_from_snapshot(snapshot: Snapshot, version: str) -> WorkCalendar:
    """Build the pure calendar. Later notices win over earlier ones for the same date."""
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    years: set[int] = set()
    confirmed: set[int] = set()
    for key in sorted(snapshot["years"], key=int):
        entry = snapshot["years"][key]
        year = int(key)
        if entry["status"] == PUBLISHED:
            confirmed.add(year)
        if entry["status"] == PUBLISHED or entry["holidays"] or entry["workdays"]:
            years.add(year)
        for iso, name in entry["holidays"].items():
            d = date.fromisoformat(iso)
            workdays.pop(d, None)
            holidays[d] = name
        for iso, name in entry["workdays"].items():
            d = date.fromisoformat(iso)
            holidays.pop(d, None)
            workdays[d] = name
    names = {**holidays, **workdays}
    return WorkCalendar(
        holidays=frozenset(holidays),
        makeup_workdays=frozenset(workdays),
        years=frozenset(years),
        version=version,
        confirmed_years=frozenset(confirmed),
        names=names,
    )


@lru_cache(maxsize=1)
def seed_snapshot() -> Snapshot:
    """State Council notices 2004–2026 as shipped in chinese-calendar, all marked 已发布通知."""
    import chinese_calendar

    per_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {y: ({}, {}) for y in SEED_YEARS}
    for d, name in chinese_calendar.holidays.items():
        if d.year in per_year:
            per_year[d.year][0][d] = PACKAGE_NAMES.get(name, name)
    for d, name in chinese_calendar.workdays.items():
        # `workdays` holds only make-up days; keep the weekend ones, which are all of them.
        if d.year in per_year and d.weekday() >= 5:
            per_year[d.year][1][d] = PACKAGE_NAMES.get(name, name)
    return make_snapshot({y: year_entry(PUBLISHED, h, w) for y, (h, w) in per_year.items()})


@lru_cache(maxsize=1)
def seed_calendar() -> WorkCalendar:
    """The package seed as a calendar, version `v0-…` (used when the database has none)."""
    snap = seed_snapshot()
    return calendar_from_snapshot(snap, version_label(0, snapshot_hash(snap)))
