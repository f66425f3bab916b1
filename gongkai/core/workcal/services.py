"""Writes to the working-day calendar.

Each ends in `calendar_commit_version`, which numbers the new state, writes an audit event and, on
commit, sends `calendar_year_loaded` for every year that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.workcal.audit import WorkcalAudit
from gongkai.core.workcal.content import Snapshot, snapshot_hash
from gongkai.core.workcal.fileformat import YearData
from gongkai.core.workcal.models import CalendarDay, CalendarVersion, CalendarYear
from gongkai.core.workcal.signals import calendar_year_loaded
from gongkai.core.workcal.store import database_snapshot


@dataclass(frozen=True)
class VersionChange:
    old_version: str | None
    new_version: str
    changed_years: tuple[int, ...]

    @property
    def created(self) -> bool:
        return self.old_version != self.new_version


def _changed_years(old: Snapshot | None, new: Snapshot) -> tuple[int, ...]:
    before = (old or {}).get("years", {})
    after = new["years"]
    keys = set(before) | set(after)
    return tuple(sorted(int(k) for k in keys if before.get(k) != after.get(k)))


def _send(year: int, status: str, old_version: str | None, new_version: str) -> None:
    calendar_year_loaded.send(
        sender=CalendarYear,
        year=year,
        status=status,
        old_version=old_version,
        new_version=new_version,
    )


def calendar_commit_version(*, actor: Actor, reason: str) -> VersionChange:
    """Record the current calendar tables as a new version, unless nothing changed."""
    with transaction.atomic():
        latest = CalendarVersion.objects.select_for_update().order_by("-number").first()
        snapshot = database_snapshot()
        content_hash = snapshot_hash(snapshot)
        old_label = latest.label if latest else None
        if latest is not None and latest.content_hash == content_hash:
            return VersionChange(old_version=old_label, new_version=latest.label, changed_years=())
        version = CalendarVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            content_hash=content_hash,
            data=snapshot,
            reason=reason[:200],
        )
        changed = _changed_years(latest.data if latest else None, snapshot)
        audit_record(
            actor=actor,
            action=WorkcalAudit.VERSION_CREATED,
            obj=version,
            comment=reason,
            data={"old_version": old_label, "new_version": version.label, "years": list(changed)},
        )
        for year in changed:
            status = snapshot["years"].get(str(year), {}).get("status", "deleted")
            transaction.on_commit(partial(_send, year, status, old_label, version.label))
        return VersionChange(
            old_version=old_label, new_version=version.label, changed_years=changed
        )


def calendar_year_import(*, actor: Actor, data: YearData) -> VersionChange:
    """Load one year's notice (replacing that year's days) and create a calendar version."""
    with transaction.atomic():
        row, _ = CalendarYear.objects.select_for_update().get_or_create(year=data.year)
        row.status = data.status
        row.notice_title = data.notice_title
        row.notice_number = data.notice_number
        row.notice_url = data.notice_url
        row.note = data.note
        row.origin = CalendarYear.Origin.IMPORT
        row.loaded_at = timezone.now()
        row.full_clean()
        row.save()
        row.days.all().delete()
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.HOLIDAY, name=n)
                for d, n in sorted(data.holidays.items())
            ]
            + [
                CalendarDay(calendar_year=row, date=d, kind=CalendarDay.Kind.WORKDAY, name=n)
                for d, n in sorted(data.workdays.items())
            ]
        )
        audit_record(
            actor=actor,
            action=WorkcalAudit.YEAR_IMPORTED,
            obj=row,
            to_state=row.status,
            data={
                "year": row.year,
                "holidays": len(data.holidays),
                "workdays": len(data.workdays),
                "notice_url": row.notice_url,
            },
        )
        return calendar_commit_version(actor=actor, reason=f"导入{row.year}年节假日安排")


def calendar_year_edited(
    *, actor: Actor, year: CalendarYear, deleted: bool = False
) -> VersionChange:
    """After an admin edit or deletion of a year: audit it and create a calendar version."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=WorkcalAudit.YEAR_DELETED if deleted else WorkcalAudit.YEAR_EDITED,
            obj=year,
            to_state="" if deleted else year.status,
            data={"year": year.year},
        )
        verb = "删除" if deleted else "编辑"
        return calendar_commit_version(actor=actor, reason=f"后台{verb}{year.year}年节假日安排")
