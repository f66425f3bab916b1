"""Schedules and their periods: create (from a template or by hand), record a trigger date
(预算批准 …), link the published item that fulfils a period, and the reminder job.

Every write checks the roles first (`orgs/permissions.py`), writes its audit row in the same
transaction, and refuses bad input with a Chinese `ValidationError`, nothing half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Column, Item, Status
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.workcal.calendar import WorkCalendar, default_calendar, format_date
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles, users_with_role
from gongkai.periodic import selectors
from gongkai.periodic.audit import PeriodicAudit
from gongkai.periodic.deadlines import Period, period_of, remind_on
from gongkai.periodic.models import (
    DayKind,
    DueBasis,
    Frequency,
    Occurrence,
    OccurrenceState,
    Schedule,
)
from gongkai.periodic.presets import templates
from gongkai.periodic.rules import SchemaColumn
from gongkai.periodic.transitions import KEEPERS

NOT_KEEPER = "只有本机关的采编人员或公开办管理员可以维护定期公开事项。"
NOT_ADMIN = "只有本机关（或上级）公开办管理员可以新建或停用定期公开事项。"
#: The reminder job looks this far back for periods still overdue (older ones were notified).
REMIND_LOOKBACK_DAYS = 400
REMIND_AHEAD_DAYS = 60


@dataclass(frozen=True)
class ScheduleFields:
    title: str
    column: Column
    frequency: str
    due_days: int
    due_basis: str = DueBasis.PERIOD_END
    day_kind: str = DayKind.CALENDAR
    trigger_label: str = ""
    basis: str = ""
    remind_days: int = 3
    schema: tuple[SchemaColumn, ...] = field(default_factory=tuple)


def _check_fields(organ: Organ, fields: ScheduleFields) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not fields.title.strip():
        errors["title"] = "请填写公开事项名称。"
    elif Schedule.objects.filter(organ=organ, title=fields.title.strip()).exists():
        errors["title"] = f"本机关已有名为“{fields.title.strip()}”的定期公开事项。"
    if fields.column.organ_id != organ.pk:
        errors["column"] = "公开栏目须是本机关公开目录中的栏目。"
    if fields.frequency not in Frequency.values:
        errors["frequency"] = "请选择公开频次。"
    if fields.frequency == Frequency.EVENT and fields.due_basis != DueBasis.TRIGGER:
        errors["due_basis"] = "事件触发的公开事项，期限须从触发日期起算。"
    if fields.due_basis == DueBasis.TRIGGER and not fields.trigger_label.strip():
        errors["trigger_label"] = "期限从触发日期起算时，请填写触发事项（如“预算批准”）。"
    if not 0 < fields.due_days <= 366:
        errors["due_days"] = "期限天数须在 1 至 366 之间。"
    if fields.remind_days > 30:
        errors["remind_days"] = "提前提醒最多 30 个工作日。"
    return errors


@transaction.atomic
def schedule_create(
    *,
    actor: Actor,
    organ: Organ,
    fields: ScheduleFields,
    starts_on: date,
    template_code: str = "",
) -> Schedule:
    """新建定期公开事项 (the 公开办 of the organ or above)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message=NOT_ADMIN)
    errors = _check_fields(organ, fields)
    if errors:
        raise ValidationError(errors)
    schedule = Schedule.objects.create(
        organ=organ,
        column=fields.column,
        title=fields.title.strip(),
        template_code=template_code,
        frequency=fields.frequency,
        due_basis=fields.due_basis,
        due_days=fields.due_days,
        day_kind=fields.day_kind,
        trigger_label=fields.trigger_label.strip(),
        basis=fields.basis.strip(),
        remind_days=fields.remind_days,
        schema=[c.as_dict() for c in fields.schema],
        starts_on=starts_on,
        created_by=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=PeriodicAudit.SCHEDULE_CREATE,
        obj=schedule,
        organ_id=organ.pk,
        data={
            "title": schedule.title,
            "frequency": schedule.frequency,
            "rule": schedule.rule_text,
            "template": template_code,
        },
    )
    return schedule


def template_column(organ: Organ, codes: tuple[str, ...]) -> Column | None:
    """The first of the template's candidate columns that the organ's 公开目录 has."""
    found = {c.code: c for c in Column.objects.filter(organ=organ, code__in=codes, is_active=True)}
    return next((found[c] for c in codes if c in found), None)


def schedule_from_template(
    *, actor: Actor, organ: Organ, code: str, starts_on: date, column: Column | None = None
) -> Schedule:
    """Instantiate a default template (`data/schedules.yaml`) for an organ."""
    template = templates().get(code)
    if template is None:
        raise ValidationError("没有这个定期公开模板。")
    column = column or template_column(organ, template.columns)
    if column is None:
        raise ValidationError(
            f"本机关公开目录中没有适合“{template.title}”的栏目，请先设置栏目或手工新建。"
        )
    fields = ScheduleFields(
        title=template.title,
        column=column,
        frequency=template.frequency,
        due_days=template.due_days,
        due_basis=template.due_basis,
        day_kind=template.day_kind,
        trigger_label=template.trigger_label,
        basis=template.basis,
        schema=template.schema,
    )
    return schedule_create(
        actor=actor, organ=organ, fields=fields, starts_on=starts_on, template_code=code
    )


@transaction.atomic
def schedule_set_active(*, actor: Actor, schedule: Schedule, active: bool) -> Schedule:
    require_roles(actor, schedule.organ, {Role.ORGAN_ADMIN}, message=NOT_ADMIN)
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    schedule.is_active = active
    schedule.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=PeriodicAudit.SCHEDULE_ACTIVE,
        obj=schedule,
        organ_id=schedule.organ_id,
        data={"is_active": active},
    )
    return schedule


# ---- periods ---------------------------------------------------------------------------------


def period_for(schedule: Schedule, period_start: date) -> Period:
    """The schedule's period starting on `period_start`, or a Chinese refusal."""
    if schedule.frequency == Frequency.EVENT:
        occ = schedule.occurrences.filter(period_start=period_start).first()
        if occ is None:
            raise ValidationError("没有该次触发记录，请先登记触发日期。")
        return Period(occ.period_start, occ.period_end, occ.label)
    period = period_of(schedule.frequency, period_start)
    first = period_of(schedule.frequency, schedule.starts_on)
    if period.start != period_start or period.start < first.start:
        raise ValidationError("该公开事项没有这个周期。")
    return period


def occurrence_for(schedule: Schedule, period: Period) -> Occurrence:
    """The stored record of a period (created the first time something happens to it), locked."""
    occ, _ = Occurrence.objects.get_or_create(
        schedule=schedule,
        period_start=period.start,
        defaults={"period_end": period.end, "label": period.label},
    )
    return Occurrence.objects.select_for_update().get(pk=occ.pk)


@transaction.atomic
def occurrence_trigger(
    *,
    actor: Actor,
    schedule: Schedule,
    trigger_on: date,
    period_start: date | None = None,
    today: date | None = None,
    cal: WorkCalendar | None = None,
) -> Occurrence:
    """登记触发日期 (预算批准 …): the period's due date follows from it (`deadlines.py`). For an
    event-triggered schedule each trigger is a new occurrence."""
    require_roles(actor, schedule.organ, KEEPERS, message=NOT_KEEPER)
    today = today or timezone.localdate()
    if schedule.due_basis != DueBasis.TRIGGER:
        raise ValidationError("该公开事项的期限从期末起算，无需登记触发日期。")
    if trigger_on > today:
        raise ValidationError("触发日期不能晚于今天。")
    if schedule.frequency == Frequency.EVENT:
        label = f"{schedule.trigger_label}（{format_date(trigger_on)}）"
        period = Period(trigger_on, trigger_on, label[:40])
    elif period_start is None:
        raise ValidationError("请选择周期。")
    else:
        period = period_for(schedule, period_start)
    occ = occurrence_for(schedule, period)
    if occ.fulfilled_on is not None:
        raise ValidationError("该周期已公开，不能再修改触发日期。")
    occ.trigger_on = trigger_on
    due = selectors.due_of(schedule, period, occ, cal or default_calendar())
    occ.due_on = due.due_on if due else None
    occ.save(update_fields=["trigger_on", "due_on", "updated_at"])
    audit_record(
        actor=actor,
        action=PeriodicAudit.TRIGGER,
        obj=occ,
        organ_id=schedule.organ_id,
        comment=due.explanation if due else "",
        data={
            "period": occ.label,
            "trigger_on": trigger_on.isoformat(),
            "due_on": occ.due_on.isoformat() if occ.due_on else "",
        },
    )
    return occ


def fulfil(occ: Occurrence, *, on: date, item: Item | None = None) -> None:
    """Record the publication of a period (by an item or a dataset); the first one counts."""
    if occ.fulfilled_on is None or on < occ.fulfilled_on:
        occ.fulfilled_on = on
    if item is not None:
        occ.item = item
    occ.save(update_fields=["fulfilled_on", "item", "updated_at"])


@transaction.atomic
def occurrence_link_item(
    *, actor: Actor, schedule: Schedule, period_start: date, item: Item
) -> Occurrence:
    """关联已公开信息: the published catalog item that fulfils the period; its publication date
    is the period's publication date (the state follows: 按时 or 逾期发布)."""
    require_roles(actor, schedule.organ, KEEPERS, message=NOT_KEEPER)
    if item.status != Status.PUBLISHED or item.published_at is None:
        raise ValidationError("只能关联已发布的公开目录信息。")
    if item.organ_id != schedule.organ_id:
        raise ValidationError("只能关联本机关发布的信息。")
    period = period_for(schedule, period_start)
    occ = occurrence_for(schedule, period)
    fulfil(occ, on=timezone.localdate(item.published_at), item=item)
    audit_record(
        actor=actor,
        action=PeriodicAudit.FULFIL,
        obj=occ,
        organ_id=schedule.organ_id,
        data={
            "period": occ.label,
            "item": item.title,
            "fulfilled_on": occ.fulfilled_on.isoformat() if occ.fulfilled_on else "",
        },
    )
    return occ


# ---- reminders -------------------------------------------------------------------------------


def _remind(row: selectors.Row, *, kind: str, today: date) -> int:
    schedule = row.schedule
    occ = occurrence_for(schedule, row.period)
    marker = "reminded_on" if kind == NoticeKind.DUE_SOON else "overdue_notified_on"
    if getattr(occ, marker) is not None or occ.fulfilled_on is not None:
        return 0
    due_on = row.due_on
    if due_on is None:  # a period waiting for its trigger date is not due yet
        return 0
    if kind == NoticeKind.DUE_SOON:
        title = f"定期公开即将到期：{schedule.title}（{row.period.label}）"
        body = f"应于 {format_date(due_on)} 前公开（{schedule.rule_text}）。"
        action = PeriodicAudit.REMIND
    else:
        title = f"定期公开已逾期：{schedule.title}（{row.period.label}）"
        body = f"应于 {format_date(due_on)} 前公开，至今尚未发布，请尽快公开并关联。"
        action = PeriodicAudit.OVERDUE
    sent = notice_send(
        recipients=users_with_role(schedule.organ, KEEPERS),
        kind=NoticeKind(kind),
        key=f"periodic.{kind}:{occ.pk}",
        title=title[:200],
        body=body,
        link=f"{reverse('office_periodic:calendar')}?organ={schedule.organ_id}",
        organ=schedule.organ,
        subject=occ,
    )
    setattr(occ, marker, today)
    occ.due_on = due_on
    occ.save(update_fields=[marker, "due_on", "updated_at"])
    audit_record(
        actor=None,
        action=action,
        obj=occ,
        organ_id=schedule.organ_id,
        data={"period": occ.label, "due_on": due_on.isoformat(), "recipients": len(sent)},
    )
    return 1


def periodic_remind(
    *, today: date | None = None, cal: WorkCalendar | None = None
) -> dict[str, int]:
    """Idempotent job: a 即将到期 notice `remind_days` working days before each due date, and
    one 已逾期 notice when a period passes its due date unpublished (markers on the period and
    the notice key: a second run sends nothing). Each period in its own transaction."""
    today = today or timezone.localdate()
    cal = cal or default_calendar()
    done = {"due_soon": 0, "overdue": 0}
    schedules = Schedule.objects.filter(is_active=True).select_related("organ")
    for schedule in schedules.prefetch_related("occurrences"):
        rows = selectors.schedule_rows(
            schedule,
            start=today - timedelta(days=REMIND_LOOKBACK_DAYS),
            end=today + timedelta(days=REMIND_AHEAD_DAYS),
            today=today,
            cal=cal,
        )
        for row in rows:
            if row.due_on is None:
                continue
            kind = ""
            if row.state == OccurrenceState.OVERDUE:
                kind = NoticeKind.OVERDUE
            elif row.state == OccurrenceState.PENDING and (
                remind_on(row.due_on, schedule.remind_days, cal) <= today <= row.due_on
            ):
                kind = NoticeKind.DUE_SOON
            if kind:
                with transaction.atomic():
                    done[kind] += _remind(row, kind=kind, today=today)
    return done
