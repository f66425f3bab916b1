"""Schedules from templates, trigger dates, linking a published item, and the reminder job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog.models import Column
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import WorkCalendar
from gongkai.inbox.models import Notice
from gongkai.periodic import selectors
from gongkai.periodic.models import Occurrence, OccurrenceState, Schedule
from gongkai.periodic.presets import templates
from gongkai.periodic.services import schedules
from gongkai.periodic.services.schedules import ScheduleFields
from gongkai.periodic.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_every_template_loads_with_a_valid_rule() -> None:
    found = templates()
    assert {"dibao-monthly", "relief-funds-quarterly", "department-budget"} <= set(found)
    assert "第十四条" in found["department-budget"].basis
    assert found["department-budget"].due_days == 20
    assert found["department-budget"].rule_text == "每年，财政部门批复预算后20日内"
    assert found["relief-funds-quarterly"].rule_text == "每季度，期末后15个工作日内"


def test_from_template_picks_the_column_and_audits(dibao: Schedule, organ: Any) -> None:
    assert dibao.column.organ_id == organ.pk
    assert dibao.column.code in templates()["dibao-monthly"].columns
    assert dibao.rule_text == "每月，期末后15日内"
    assert len(dibao.schema) == 5
    event = AuditEvent.objects.get(action="periodic_schedule.create", object_id=str(dibao.pk))
    assert event.data["template"] == "dibao-monthly"


def test_only_the_office_creates_schedules(
    organ: Any, staff: dict[str, Any], outsider: Any
) -> None:
    for who in (staff["editor"], outsider):
        with pytest.raises(PermissionDenied):
            schedules.schedule_from_template(
                actor=who, organ=organ, code="dibao-monthly", starts_on=TODAY
            )
    assert not Schedule.objects.exists()


def test_a_schedule_title_is_unique_per_organ(
    dibao: Schedule, organ: Any, staff: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match="已有名为"):
        schedules.schedule_from_template(
            actor=staff["organ_admin"], organ=organ, code="dibao-monthly", starts_on=TODAY
        )


def test_manual_schedule_checks_its_fields(
    organ: Any, staff: dict[str, Any], make_organ: Callable[..., Any]
) -> None:
    other_column = Column.objects.filter(organ=make_organ("别的局")).first()
    assert other_column is not None
    fields = ScheduleFields(
        title=" ", column=other_column, frequency="event", due_days=0, due_basis="period_end"
    )
    with pytest.raises(ValidationError) as exc:
        schedules.schedule_create(
            actor=staff["organ_admin"], organ=organ, fields=fields, starts_on=TODAY
        )
    assert set(exc.value.message_dict) == {"title", "column", "due_basis", "due_days"}


def test_trigger_date_sets_the_due_date(
    budget: Schedule, staff: dict[str, Any], cal: WorkCalendar
) -> None:
    occ = schedules.occurrence_trigger(
        actor=staff["editor"],
        schedule=budget,
        trigger_on=date(2026, 3, 2),
        period_start=date(2026, 1, 1),
        today=TODAY,
        cal=cal,
    )
    assert occ.due_on == date(2026, 3, 23)
    event = AuditEvent.objects.get(action="periodic_occurrence.trigger")
    assert "20日内" in event.comment
    rows = selectors.schedule_rows(budget, start=date(2026, 1, 1), end=TODAY, today=TODAY, cal=cal)
    assert [r.state for r in rows] == [OccurrenceState.OVERDUE]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"trigger_on": date(2026, 6, 1), "period_start": date(2026, 1, 1)}, "不能晚于今天"),
        ({"trigger_on": date(2026, 3, 2), "period_start": date(2026, 2, 1)}, "没有这个周期"),
        ({"trigger_on": date(2026, 3, 2), "period_start": date(2025, 1, 1)}, "没有这个周期"),
        ({"trigger_on": date(2026, 3, 2)}, "请选择周期"),
    ],
)
def test_bad_trigger_input_is_refused(
    budget: Schedule, staff: dict[str, Any], kwargs: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        schedules.occurrence_trigger(actor=staff["editor"], schedule=budget, today=TODAY, **kwargs)
    assert not Occurrence.objects.exists()


def test_a_period_end_schedule_takes_no_trigger(dibao: Schedule, staff: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="无需登记触发日期"):
        schedules.occurrence_trigger(
            actor=staff["editor"], schedule=dibao, trigger_on=date(2026, 3, 2), today=TODAY
        )


def test_event_schedule_occurrence_per_trigger(
    organ: Any, staff: dict[str, Any], cal: WorkCalendar
) -> None:
    Column.objects.get_or_create(organ=organ, code="key-safety", defaults={"name": "安全生产"})
    accident = schedules.schedule_from_template(
        actor=staff["organ_admin"], organ=organ, code="accident-investigation", starts_on=TODAY
    )
    occ = schedules.occurrence_trigger(
        actor=staff["editor"], schedule=accident, trigger_on=date(2026, 5, 6), today=TODAY, cal=cal
    )
    assert occ.label.startswith("事故调查报告批复（2026年5月6日）")
    rows = selectors.schedule_rows(
        accident, start=date(2026, 1, 1), end=TODAY, today=TODAY, cal=cal
    )
    assert [(r.due_on, r.state) for r in rows] == [(occ.due_on, OccurrenceState.PENDING)]


def test_linking_a_published_item_fulfils_the_period(
    dibao: Schedule,
    staff: dict[str, Any],
    make_draft: Callable[..., Any],
    publish: Callable[..., Any],
    cal: WorkCalendar,
) -> None:
    item = publish(make_draft(title="2026年3月城乡低保数据", column=dibao.column))
    occ = schedules.occurrence_link_item(
        actor=staff["editor"], schedule=dibao, period_start=date(2026, 3, 1), item=item
    )
    assert occ.item == item and occ.fulfilled_on is not None
    rows = selectors.schedule_rows(
        dibao, start=date(2026, 3, 1), end=date(2026, 3, 31), today=occ.fulfilled_on, cal=cal
    )
    # March figures due 15 April; published today (the test's real day) counts on time or late.
    assert rows[0].state in (OccurrenceState.ON_TIME, OccurrenceState.LATE)
    assert AuditEvent.objects.filter(action="periodic_occurrence.fulfil").count() == 1


def test_only_a_published_item_of_the_organ_is_linked(
    dibao: Schedule, staff: dict[str, Any], make_draft: Callable[..., Any], outsider: Any
) -> None:
    draft = make_draft(title="草稿")
    with pytest.raises(ValidationError, match="已发布"):
        schedules.occurrence_link_item(
            actor=staff["editor"], schedule=dibao, period_start=date(2026, 3, 1), item=draft
        )
    with pytest.raises(PermissionDenied):
        schedules.occurrence_link_item(
            actor=outsider, schedule=dibao, period_start=date(2026, 3, 1), item=draft
        )
    assert not Occurrence.objects.exists()


def test_reminders_before_due_and_when_overdue_once(
    dibao: Schedule, staff: dict[str, Any], cal: WorkCalendar
) -> None:
    # 12 May 2026: 3 working days before the April figures' due date (15 May).
    first = schedules.periodic_remind(today=date(2026, 5, 12), cal=cal)
    # January–March are already overdue then; April gets its reminder.
    assert first == {"due_soon": 1, "overdue": 3}
    assert schedules.periodic_remind(today=date(2026, 5, 12), cal=cal) == {
        "due_soon": 0,
        "overdue": 0,
    }
    april = Occurrence.objects.get(schedule=dibao, period_start=date(2026, 4, 1))
    assert april.reminded_on == date(2026, 5, 12) and april.overdue_notified_on is None
    notices = Notice.objects.filter(recipient=staff["editor"])
    assert notices.filter(kind="due_soon", title__contains="2026年4月").count() == 1
    # After 15 May April is overdue: one more notice, once.
    assert schedules.periodic_remind(today=TODAY, cal=cal) == {"due_soon": 0, "overdue": 1}
    assert schedules.periodic_remind(today=TODAY, cal=cal) == {"due_soon": 0, "overdue": 0}
    assert notices.filter(kind="overdue").count() == 4
    assert Notice.objects.filter(recipient=staff["organ_admin"], kind="overdue").count() == 4
    assert not Notice.objects.filter(recipient=staff["approver"]).exists()
    assert AuditEvent.objects.filter(action="periodic_occurrence.overdue").count() == 4


def test_an_inactive_schedule_sends_nothing(
    dibao: Schedule, staff: dict[str, Any], cal: WorkCalendar
) -> None:
    schedules.schedule_set_active(actor=staff["organ_admin"], schedule=dibao, active=False)
    assert schedules.periodic_remind(today=TODAY, cal=cal) == {"due_soon": 0, "overdue": 0}
