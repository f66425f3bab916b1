"""Time rules of the mailbox as pure functions, each result explained.

The periods are local practice (each site's 信箱管理办法), read from configuration
(`GONGKAI["MAILBOX_…"]`, declared in `core/conf.py`), and counted on the shared working-day
calendar (`core/workcal`: the start day is not counted; 调休 workdays count). The one national
rule is the website inspection's veto (《政府网站与政务新媒体检查指标》, legal-rules §4.1,
互动回应差): a valid message unanswered for more than three months. Its alerts start long
before (`alert_level`).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai.core.workcal.calendar import (
    WorkCalendar,
    add_working_days,
    format_date,
    working_days_between,
)

TYPE_LABELS = {"consult": "咨询", "complaint": "投诉", "suggestion": "建议", "help": "求助"}
#: legal-rules §4.1 (互动回应差): "超过3个月未回应有效留言" vetoes the site.
VETO_MONTHS = 3


@dataclass(frozen=True)
class Explained:
    """A date and the sentences that say how it was reached (shown to staff and the writer)."""

    day: date
    explanation: tuple[str, ...]


def screening_due(submitted: date, cal: WorkCalendar, *, days: int) -> Explained:
    """Local practice (`MAILBOX_SCREENING_WORKING_DAYS`): a letter is screened within N working
    days of the day it was written (that day not counted)."""
    due = add_working_days(submitted, days, cal)
    return Explained(
        due,
        (
            f"留言日期{format_date(submitted)}，应在{days}个工作日内审核"
            f"（受理、不予受理或转办），即{format_date(due)}前。",
        ),
    )


def reply_due(
    accepted: date, letter_type: str, cal: WorkCalendar, *, days_by_type: Mapping[str, int]
) -> Explained:
    """Local practice (`MAILBOX_REPLY_WORKING_DAYS`): the reply period of the letter's type, in
    working days from acceptance (受理之日 not counted). A transfer or a return to the 公开办
    does not restart it: the writer does not wait longer for the office's internal routing."""
    days = days_by_type[letter_type]
    due = add_working_days(accepted, days, cal)
    label = TYPE_LABELS.get(letter_type, letter_type)
    return Explained(
        due,
        (
            f"{label}类留言自受理之日（{format_date(accepted)}）起{days}个工作日内答复，"
            f"即{format_date(due)}前；转办不重新计算期限。",
        ),
    )


def check_extension(*, extended_before: bool, days: int, maximum: int) -> str | None:
    """Local practice (`MAILBOX_MAX_EXTENSION_WORKING_DAYS`): one extension, with a reason, of
    at most N working days. None when allowed, else the reason it is not."""
    if extended_before:
        return "每件留言只能延期一次，本留言已延期。"
    if not 1 <= days <= maximum:
        return f"延长期限应为1至{maximum}个工作日。"
    return None


def extended_reply_due(due: date, days: int, cal: WorkCalendar) -> Explained:
    """The reply period extended by `days` working days counted on from the old due date."""
    new = add_working_days(due, days, cal)
    return Explained(
        new,
        (f"经批准延长{days}个工作日，答复期限由{format_date(due)}延至{format_date(new)}。",),
    )


def rating_due(replied: date, cal: WorkCalendar, *, days: int) -> Explained:
    """Local practice (`MAILBOX_RATING_WORKING_DAYS`): the writer rates the reply within N
    working days; after that the letter is taken as 满意 (默认满意)."""
    due = add_working_days(replied, days, cal)
    return Explained(
        due,
        (f"答复后{days}个工作日内（{format_date(due)}前）可以评价，逾期未评价的视为满意。",),
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def veto_date(submitted: date) -> Explained:
    """legal-rules §4.1 (互动回应差): a valid message unanswered for more than three months
    vetoes the website. The last day a reply still avoids it: three calendar months after the
    letter was written."""
    last = add_months(submitted, VETO_MONTHS)
    return Explained(
        last,
        (
            f"留言日期{format_date(submitted)}；政府网站检查对超过3个月未回应的有效留言实行"
            f"单项否决，最迟应于{format_date(last)}前答复。",
        ),
    )


def alert_level(submitted: date, today: date, *, thresholds: Sequence[int]) -> int:
    """Local practice (`MAILBOX_ALERT_DAYS`): how many escalation thresholds (calendar days since
    the letter was written) an unanswered valid letter has passed: 0 (none) to len(thresholds).
    The last threshold must come well before the three-month veto (about 90 days)."""
    waited = (today - submitted).days
    return sum(1 for n in sorted(thresholds) if waited >= n)


def handling_working_days(submitted: date, replied: date, cal: WorkCalendar) -> int:
    """办理用时 of the statistics: working days from the day written to the day answered (the
    writer's wait, screening included)."""
    return working_days_between(submitted, replied, cal)


def reminder_due(remaining: int, days: Sequence[int]) -> int | None:
    """Which reminder applies with `remaining` working days left (`MAILBOX_REMINDER_WORKING_DAYS`):
    the smallest N not below it, or None when the due date is further away than the largest."""
    fitting = [n for n in days if n >= remaining]
    return min(fitting) if fitting else None
