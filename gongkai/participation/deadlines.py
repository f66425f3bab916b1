"""Time rules of 公众参与 as pure functions, each result explained. The periods are settings
(`GONGKAI["PARTICIPATION_…"]`, declared in `core/conf.py`) read by the callers and passed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gongkai.core.workcal.calendar import format_date


@dataclass(frozen=True)
class Explained:
    """A date (or time) and the sentence that says how it was reached."""

    when: date | datetime
    explanation: str


def minimum_period_days(
    kind: str, *, major_days: int, other_days: int, organ_days: int | None = None
) -> int:
    """《重大行政决策程序暂行条例》(国务院令第713号) Art. 14: 重大行政决策 drafts are open for
    comment "一般不少于30日" (`PARTICIPATION_MAJOR_DECISION_MIN_DAYS`); other drafts follow the
    organ's own rules (`PARTICIPATION_ORGAN_MIN_DAYS`, else `PARTICIPATION_OTHER_MIN_DAYS`:
    local practice)."""
    if kind == "major_decision":
        return major_days
    return organ_days if organ_days is not None else other_days


def period_problem(
    *, kind: str, starts_on: date, ends_on: date, minimum: int, shortened_reason: str
) -> str | None:
    """The comment period (both ends counted) is at least the minimum. Art. 14 of 国务院令第713号
    lets a 重大行政决策 be shorter "因情况紧急等原因", saying why when the draft is published; other
    drafts may not go below the organ's minimum."""
    if ends_on < starts_on:
        return "截止日期不能早于开始日期。"
    days = (ends_on - starts_on).days + 1
    if days >= minimum:
        return None
    if kind == "major_decision":
        if shortened_reason.strip():
            return None
        return (
            f"重大行政决策公开征求意见的期限一般不少于{minimum}日（国务院令第713号），"
            f"现为{days}日；因情况紧急等原因需要缩短期限的，请填写缩短期限的理由。"
        )
    return f"征求意见期限不少于{minimum}日（本机关规定），现为{days}日。"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def proposal_due(
    assigned_on: date, *, complex_matter: bool, months: int, complex_months: int
) -> Explained:
    """《全国人民代表大会和地方各级人民代表大会代表法》Art. 43: a 代表建议 is answered within
    three months of 交办 (six for one 涉及面广、处理难度大); 政协提案 follow the same period
    locally. Both periods are settings (`PARTICIPATION_PROPOSAL_REPLY_MONTHS`, `…_COMPLEX_MONTHS`);
    the month-end rule: 30 November + 3 months is 28 (29) February."""
    n = complex_months if complex_matter else months
    due = _add_months(assigned_on, n)
    why = "涉及面广、处理难度大，" if complex_matter else ""
    return Explained(
        due, f"{format_date(assigned_on)}交办，{why}应在{n}个月内答复，即{format_date(due)}前。"
    )


@dataclass(frozen=True)
class OpinionDue:
    response: datetime
    press: datetime | None
    explanation: str


def opinion_due(
    noticed_at: datetime,
    level: str,
    *,
    response_hours: Mapping[str, int],
    press_hours: Mapping[str, int],
) -> OpinionDue:
    """国办发〔2016〕61号 (政务舆情回应): for 特别重大、重大 突发事件, authoritative information
    at the latest within 5 hours and a press conference within 24 hours; other 舆情 answered within
    48 hours. Hours count from when the 舆情 was noticed, around the clock (settings
    `PARTICIPATION_OPINION_RESPONSE_HOURS` / `…_PRESS_HOURS`)."""
    hours = response_hours.get(level, response_hours.get("general", 48))
    response = noticed_at + timedelta(hours=hours)
    press_n = press_hours.get(level)
    press = noticed_at + timedelta(hours=press_n) if press_n else None
    text = f"发现后{hours}小时内发布权威信息或回应"
    if press_n:
        text += f"，{press_n}小时内举行新闻发布会"
    return OpinionDue(response, press, text + "（国办发〔2016〕61号）。")


def opinion_overdue(*, due: datetime, responded_at: datetime | None, now: datetime) -> bool:
    """A 舆情 is overdue when its response came after the time limit, or has not come and the
    limit has passed."""
    return (responded_at or now) > due
