"""Reminders 5, 3 and 1 working days before an answer is due, and the overdue notice (issue 13
§6), to the handler and the 公开办, through the inbox; a run repeated on one day sends one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from gongkai.applications import tasks
from gongkai.applications.services import workflow as wf
from gongkai.applications.services.casework import application_assign
from gongkai.applications.services.reminders import applications_remind_due, reminder_due
from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import default_calendar, working_days_between
from gongkai.inbox.models import Notice, NoticeKind


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [(9, None), (6, None), (5, 5), (4, 5), (3, 3), (2, 3), (1, 1), (0, 1)],
)
def test_which_reminder_applies(remaining: int, expected: int | None) -> None:
    assert reminder_due(remaining, (5, 3, 1)) == expected


def test_the_reminder_days_are_a_setting(settings) -> None:
    from gongkai.core.conf import problems

    assert tuple(gongkai_settings().REMINDER_WORKING_DAYS) == (5, 3, 1)
    for bad in ([5, 0], "531", [3, True]):
        (problem,) = problems({"REMINDER_WORKING_DAYS": bad})
        assert "正整数" in problem.message
    assert problems({"OFFICE_URL": "gongkai.example.gov.cn"})
    assert problems({"OFFICE_URL": "https://gongkai.example.gov.cn"}) == []
    settings.GONGKAI = {**settings.GONGKAI, "REMINDER_WORKING_DAYS": [10, 2]}
    assert reminder_due(7, gongkai_settings().REMINDER_WORKING_DAYS) == 10


def _days_before(due: date, n: int) -> date:
    """The day with `n` working days left before `due` (the latest such day)."""
    cal, day = default_calendar(), due
    while working_days_between(day, due, cal) < n:
        day -= timedelta(days=1)
    return day


def _due_soon(user) -> list[Notice]:
    return list(
        Notice.objects.filter(recipient=user, kind=NoticeKind.DUE_SOON, settled_at__isnull=True)
    )


@pytest.fixture
def case(register):
    app = register(submitted_on=date(2026, 3, 2))
    assert app.due_date is not None
    return app


def test_handlers_and_the_office_are_reminded_once_per_reminder(case, staff) -> None:
    due = case.due_date
    handlers = {staff[r] for r in ("editor", "reviewer", "approver", "organ_admin")}
    assert applications_remind_due(today=_days_before(due, 6)) == []  # too early

    five = _days_before(due, 5)
    assert applications_remind_due(today=five) == [case.pk]
    told = Notice.objects.filter(kind=NoticeKind.DUE_SOON)
    assert {n.recipient for n in told} == handlers and told.count() == len(handlers)
    assert staff["secrecy"] not in {n.recipient for n in told}
    notice = told.get(recipient=staff["organ_admin"])
    assert "还剩 5 个工作日" in notice.title and case.reference in notice.title
    assert f"{due.year}年{due.month}月{due.day}日" in notice.body
    assert notice.link == f"/office/applications/{case.pk}/"
    assert "李明" not in notice.title + notice.body  # no applicant's name in a notice or e-mail

    # The same day again (the hourly job, or a second worker): nothing new.
    assert applications_remind_due(today=five) == []
    assert Notice.objects.count() == len(handlers)

    three = _days_before(due, 3)
    assert applications_remind_due(today=three) == [case.pk]
    (current,) = _due_soon(staff["reviewer"])
    assert "还剩 3 个工作日" in current.title  # the 5-day one stepped aside
    assert applications_remind_due(today=_days_before(due, 2)) == []
    assert applications_remind_due(today=_days_before(due, 1)) == [case.pk]
    assert Notice.objects.filter(recipient=staff["reviewer"]).count() == 3


def test_an_assigned_case_reminds_its_handler_and_the_office(case, staff) -> None:
    application_assign(actor=staff["organ_admin"], app=case, assignee=staff["reviewer"])
    applications_remind_due(today=_days_before(case.due_date, 3))
    told = {n.recipient for n in Notice.objects.filter(kind=NoticeKind.DUE_SOON)}
    assert told == {staff["reviewer"], staff["organ_admin"]}


def test_an_office_without_its_own_admin_reminds_the_one_above(
    register, organ, staff, make_organ, make_user
) -> None:
    from gongkai.orgs.models import Membership, Role

    parent = make_organ("测试市人民政府")
    organ.parent = parent
    organ.save()
    Membership.objects.filter(user=staff["organ_admin"]).delete()
    city_admin = make_user("city_admin", organ=parent, roles=(Role.ORGAN_ADMIN,))
    app = register(submitted_on=date(2026, 3, 2))
    application_assign(actor=staff["editor"], app=app, assignee=staff["editor"])
    applications_remind_due(today=_days_before(app.due_date, 1))
    told = {n.recipient for n in Notice.objects.filter(kind=NoticeKind.DUE_SOON)}
    assert told == {staff["editor"], city_admin}


def test_a_moved_due_date_is_reminded_afresh(case, staff) -> None:
    applications_remind_due(today=_days_before(case.due_date, 3))
    later = case.due_date + timedelta(days=28)
    type(case).objects.filter(pk=case.pk).update(due_date=later)  # e.g. an extension
    assert applications_remind_due(today=_days_before(later, 5)) == [case.pk]
    assert "还剩 5 个工作日" in _due_soon(staff["reviewer"])[0].title


def test_overdue_day_tells_handler_and_office_by_inbox_and_mail(
    case, staff, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    staff["reviewer"].email = "reviewer@example.gov.cn"
    staff["reviewer"].save()
    applications_remind_due(today=_days_before(case.due_date, 1))
    now = timezone.make_aware(
        datetime.combine(case.due_date + timedelta(days=1), datetime.min.time())
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert wf.applications_mark_overdue(now=now + timedelta(hours=9)) == [case.pk]
        assert wf.applications_mark_overdue(now=now + timedelta(hours=10)) == []
    overdue = Notice.objects.filter(kind=NoticeKind.OVERDUE)
    assert {n.recipient for n in overdue} == {
        staff[r] for r in ("editor", "reviewer", "approver", "organ_admin")
    }
    assert {n.title for n in overdue} == {f"已超期：申请 {case.reference}"}
    assert _due_soon(staff["reviewer"]) == []  # the reminders before it step aside
    assert [m.to for m in mailoutbox] == [["reviewer@example.gov.cn"]]
    assert "已超期" in mailoutbox[0].subject
    # Overdue is told by the overdue job, not by the reminders.
    assert applications_remind_due(today=case.due_date + timedelta(days=2)) == []


def test_closing_a_case_settles_its_notices(
    case, staff, django_capture_on_commit_callbacks
) -> None:
    applications_remind_due(today=_days_before(case.due_date, 3))
    with django_capture_on_commit_callbacks(execute=True):
        wf.application_withdraw(actor=staff["editor"], app=case, on=date(2026, 3, 20))
    assert not Notice.objects.filter(settled_at__isnull=True).exists()
    assert applications_remind_due(today=_days_before(case.due_date, 1)) == []


def test_task_command_and_schedule(case, staff) -> None:
    assert "gongkai.applications.tasks.remind_due" in gongkai_settings().SCHEDULE
    day = _days_before(case.due_date, 3)
    with time_machine.travel(datetime.combine(day, datetime.min.time()).replace(hour=10)):
        assert tasks.remind_due.enqueue().return_value == [case.pk]
        assert tasks.remind_due.enqueue().return_value == []
    out, one_day = StringIO(), _days_before(case.due_date, 1).isoformat()
    call_command("applications", "remind", "--today", one_day, stdout=out)
    assert "已提醒 1 件" in out.getvalue() and case.reference in out.getvalue()
    call_command("applications", "remind", "--today", one_day, stdout=out)
    assert "今天没有需要提醒的申请" in out.getvalue()
