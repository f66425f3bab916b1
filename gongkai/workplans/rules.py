"""Rules of the work plans that are not time rules: one pure function per rule."""

from __future__ import annotations

from datetime import date

from gongkai.orgs.models import Organ

#: Days before a task's deadline when its organ is reminded (a local practice, not a law).
REMINDER_DAYS: tuple[int, ...] = (7, 1)


def outside_subtree(assigner: Organ, organ: Organ, *, cascade: bool) -> str | None:
    """A 公开办 assigns tasks only within its own subtree (its organ and the organs below); a
    task broken down further goes to organs below the receiving organ, not back to itself.
    None when `organ` may receive the task, else the reason in Chinese."""
    inside = organ.path.startswith(assigner.path)
    if not inside:
        return f"“{organ.name}”不在{assigner.name}的管辖范围内，不能向其分派任务。"
    if cascade and organ.pk == assigner.pk:
        return f"分解任务只能分派给{assigner.name}下属的机关，不能分派给本机关。"
    return None


def deadline_problem(deadline: date, *, parent_deadline: date | None, today: date) -> str | None:
    """A deadline is not in the past, and a sub-task is due no later than the task it serves."""
    if deadline < today:
        return "完成时限不能早于今天。"
    if parent_deadline is not None and deadline > parent_deadline:
        return f"分解任务的完成时限不能晚于上级任务的完成时限（{parent_deadline:%Y-%m-%d}）。"
    return None


def is_overdue(deadline: date, done_on: date | None, today: date) -> bool:
    """Overdue: not done by its deadline (done late counts too)."""
    if done_on is not None:
        return done_on > deadline
    return today > deadline


def reminder_due(days_left: int) -> int | None:
    """The reminder (days before the deadline) that applies with `days_left`, or None."""
    for n in sorted(REMINDER_DAYS):
        if 0 <= days_left <= n:
            return n
    return None


# ---- 督查 ----------------------------------------------------------------------------------


def inspected_organ(organiser: Organ, organ: Organ) -> str | None:
    """A 公开办 inspects the organs below it (its own work is reported in its 自查报告, not
    inspected by itself). None when `organ` may be inspected, else the reason in Chinese."""
    if organ.pk == organiser.pk:
        return f"督查对象应为{organiser.name}下属的机关，不能督查本机关。"
    if not organ.path.startswith(organiser.path):
        return f"“{organ.name}”不在{organiser.name}的管辖范围内，不能列为督查对象。"
    return None


def round_period_problem(starts_on: date | None, ends_on: date | None) -> str | None:
    """A round has a period, its end not before its start."""
    if starts_on is None or ends_on is None:
        return "请填写督查的开始日期和结束日期。"
    if ends_on < starts_on:
        return "督查结束日期不能早于开始日期。"
    return None


def result_note_problem(verdict: str, note: str) -> str | None:
    """基本符合 and 不符合 say what falls short: the 通报 and the 整改 start from that note."""
    if verdict in ("mostly", "fail") and not note.strip():
        return "结论为“基本符合”或“不符合”时，请填写说明（存在的问题）。"
    return None


def rectify_deadline_problem(deadline: date | None, *, today: date) -> str | None:
    """A finding carries a 整改期限 (without one there is nothing to follow up), not in the past."""
    if deadline is None:
        return "请填写整改期限。"
    if deadline < today:
        return "整改期限不能早于今天。"
    return None
