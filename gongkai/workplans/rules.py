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
