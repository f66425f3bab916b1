"""Reminders of an answer's due date and the overdue notice (issue 13 §6), through the inbox.

The handler (the case's 承办人, else the organ's handlers) and the organ's 公开办 are reminded
`REMINDER_WORKING_DAYS` (default 5, 3 and 1) working days before the Art. 33 due date, and told
on the day the case becomes overdue (`applications_mark_overdue` calls `overdue_notify`). Each
reminder is an occasion of its own (case, due date, N): a run repeated on one day, or two workers
at once, sends it once (the inbox keeps one notice per recipient and key); a due date that moves
(extension, 补正, consultation) is reminded of afresh. A run that missed a day still sends the
nearest reminder that applies, never a stale one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application, AppStatus
from gongkai.applications.notices import case_link, reminder_recipients
from gongkai.applications.selectors import RUNNING_STATES
from gongkai.core.conf import gongkai_settings
from gongkai.core.workcal.calendar import default_calendar, format_date, working_days_between
from gongkai.inbox.models import NoticeKind
from gongkai.inbox.services import notice_send, notices_settle

STATUS_LABELS = dict(AppStatus.choices)


def reminder_due(remaining: int, days: Iterable[int]) -> int | None:
    """Which reminder applies with `remaining` working days left before the due date: the
    smallest configured N not below it (5 → the 5-day one; 2 → the 3-day one), or None when
    the date is further away than the largest N."""
    fitting = [n for n in days if n >= remaining]
    return min(fitting) if fitting else None


def _key(app: Application, due: date, what: str) -> str:
    return f"applications.application:{app.pk}:due:{due.isoformat()}:{what}"


def _left(remaining: int) -> str:
    return "今日到期" if remaining == 0 else f"还剩 {remaining} 个工作日"


@transaction.atomic
def due_soon_notify(app: Application, *, due: date, remaining: int, n: int) -> bool:
    """The N-day reminder of `app` (once per due date); older reminders of it step aside."""
    key = _key(app, due, f"remind:{n}")
    sent = notice_send(
        recipients=reminder_recipients(app),
        kind=NoticeKind.DUE_SOON,
        key=key,
        title=f"即将到期：申请 {app.reference or app.pk}（{_left(remaining)}）",
        body=f"{app.organ.name}的申请 {app.reference or app.pk} 答复期限为{format_date(due)}"
        f"（《条例》第三十三条），当前状态：{STATUS_LABELS.get(app.status, app.status)}。",
        link=case_link(app),
        organ=app.organ,
        subject=app,
    )
    notices_settle(subject=app, kinds=[NoticeKind.DUE_SOON], keep_key=key)
    return bool(sent)


def overdue_notify(app: Application, *, due: date) -> bool:
    """The day a case becomes overdue (called by `applications_mark_overdue`, in its
    transaction): tell the handler and the 公开办; the reminders before it step aside."""
    key = _key(app, due, "overdue")
    sent = notice_send(
        recipients=reminder_recipients(app),
        kind=NoticeKind.OVERDUE,
        key=key,
        title=f"已超期：申请 {app.reference or app.pk}",
        body=f"{app.organ.name}的申请 {app.reference or app.pk} 答复期限为{format_date(due)}，"
        "目前仍未答复，已超过《条例》第三十三条规定的期限，请尽快办理。",
        link=case_link(app),
        organ=app.organ,
        subject=app,
    )
    notices_settle(subject=app, kinds=[NoticeKind.DUE_SOON])
    return bool(sent)


def applications_remind_due(*, today: date | None = None) -> list[int]:
    """Send the reminders that apply today; the cases reminded now (idempotent: a second run on
    the same day returns [] and sends nothing). One service for the task and the command."""
    today = today or timezone.localdate()
    days = gongkai_settings().REMINDER_WORKING_DAYS
    cal = default_calendar()  # one calendar for the whole run
    reminded = []
    qs = Application.objects.filter(status__in=RUNNING_STATES).select_related("organ", "assignee")
    for app in qs.order_by("pk"):
        due = app.delayed_due_date or app.due_date
        if due is None or due < today:
            continue  # overdue: `applications_mark_overdue` tells
        remaining = working_days_between(today, due, cal)
        n = reminder_due(remaining, days)
        if n is not None and due_soon_notify(app, due=due, remaining=remaining, n=n):
            reminded.append(app.pk)
    return reminded
