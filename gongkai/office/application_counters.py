"""工作台 counters of 依申请公开 (issue 13 §8): new cases, due within the window, overdue.

Each number is the count of the application queue under the filter its link opens
(`applications.selectors.queue`), so the counter and the list it leads to never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from gongkai.applications import selectors
from gongkai.applications.models import Application, AppStatus
from gongkai.core.workcal.calendar import default_calendar, working_days_between

#: The queue filter each counter links to (query string of `office_apps:queue`).
NEW_FILTER = f"status={AppStatus.AWAITING_CONFIRMATION.value}"
SOON_FILTER = "due=soon"
OVERDUE_FILTER = "due=overdue"


@dataclass(frozen=True)
class OverdueCase:
    app: Application
    due: date
    working_days_late: int


@dataclass(frozen=True)
class ApplicationCounters:
    new: int
    soon: int
    soon_days: int
    overdue: int
    longest_late: int  # working days the longest-overdue case is late (0 without overdue ones)
    overdue_cases: list[OverdueCase] = field(default_factory=list)
    new_filter: str = NEW_FILTER
    soon_filter: str = SOON_FILTER
    overdue_filter: str = OVERDUE_FILTER


def application_counters(user: Any, *, rows: int = 8) -> ApplicationCounters | None:
    """The counters for someone who handles applications; None for everybody else.

    新申请 are the cases waiting for the office to confirm receipt (Art. 31: online, fax and
    ordinary letters; the clock has not started). 超期 is counted in working days, as the
    Art. 33 period is."""
    if not selectors.handler_organs(user):
        return None
    today = timezone.localdate()
    overdue = selectors.queue(user, due="overdue")
    shown = list(overdue[:rows])  # the earliest due date first: the longest overdue
    cal = default_calendar()
    cases = []
    for app in shown:
        due: date = app.effective_due  # type: ignore[attr-defined]
        cases.append(OverdueCase(app, due, working_days_between(due, today, cal)))
    return ApplicationCounters(
        new=selectors.queue(user, status=AppStatus.AWAITING_CONFIRMATION).count(),
        soon=selectors.queue(user, due="soon").count(),
        soon_days=selectors.due_soon_working_days(),
        overdue=overdue.count() if len(shown) == rows else len(shown),
        longest_late=cases[0].working_days_late if cases else 0,
        overdue_cases=cases,
    )
