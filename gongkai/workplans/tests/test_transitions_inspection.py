"""The 督查 round's and finding's transition tables and who may fire each event."""

from __future__ import annotations

import pytest

from gongkai.core.fsm import InvalidTransition
from gongkai.workplans.models import FindingStatus, RoundStatus
from gongkai.workplans.transitions import (
    FINDING_MACHINE,
    FINDING_TRANSITIONS,
    HANDLER,
    INSPECTOR,
    ROUND_MACHINE,
    FindingEvent,
    RoundEvent,
)

R, F = RoundStatus, FindingStatus


@pytest.mark.parametrize(
    ("current", "event", "after"),
    [
        (None, RoundEvent.PLAN, R.PLANNED),
        (R.PLANNED, RoundEvent.START, R.IN_PROGRESS),
        (R.IN_PROGRESS, RoundEvent.CONCLUDE, R.CONCLUDED),
    ],
)
def test_round_allowed(current: RoundStatus | None, event: RoundEvent, after: RoundStatus) -> None:
    assert ROUND_MACHINE.next_status(current, event) == after


@pytest.mark.parametrize(
    ("current", "event"),
    [
        (R.PLANNED, RoundEvent.CONCLUDE),
        (R.IN_PROGRESS, RoundEvent.START),
        (R.CONCLUDED, RoundEvent.START),
        (R.CONCLUDED, RoundEvent.CONCLUDE),
    ],
)
def test_round_refused(current: RoundStatus, event: RoundEvent) -> None:
    with pytest.raises(InvalidTransition, match=f"督查当前状态为“{current.label}”"):
        ROUND_MACHINE.next_status(current, event)


@pytest.mark.parametrize(
    ("current", "event", "after"),
    [
        (None, FindingEvent.RAISE, F.OPEN),
        (F.OPEN, FindingEvent.START, F.RECTIFYING),
        (F.OPEN, FindingEvent.SUBMIT, F.SUBMITTED),
        (F.RECTIFYING, FindingEvent.SUBMIT, F.SUBMITTED),
        (F.RETURNED, FindingEvent.SUBMIT, F.SUBMITTED),
        (F.SUBMITTED, FindingEvent.VERIFY, F.VERIFIED),
        (F.SUBMITTED, FindingEvent.RETURN, F.RETURNED),
    ],
)
def test_finding_allowed(
    current: FindingStatus | None, event: FindingEvent, after: FindingStatus
) -> None:
    assert FINDING_MACHINE.next_status(current, event) == after


@pytest.mark.parametrize(
    ("current", "event"),
    [
        (F.OPEN, FindingEvent.VERIFY),
        (F.RECTIFYING, FindingEvent.VERIFY),
        (F.RECTIFYING, FindingEvent.START),
        (F.SUBMITTED, FindingEvent.SUBMIT),
        (F.VERIFIED, FindingEvent.SUBMIT),
        (F.VERIFIED, FindingEvent.RETURN),
        (F.RETURNED, FindingEvent.VERIFY),
    ],
)
def test_finding_refused(current: FindingStatus, event: FindingEvent) -> None:
    with pytest.raises(InvalidTransition, match=f"问题当前状态为“{current.label}”"):
        FINDING_MACHINE.next_status(current, event)


def test_roles() -> None:
    assert all(ROUND_MACHINE.roles[e] == {INSPECTOR} for e in RoundEvent)
    for event in (FindingEvent.RAISE, FindingEvent.VERIFY, FindingEvent.RETURN):
        assert FINDING_MACHINE.roles[event] == {INSPECTOR}
    for event in (FindingEvent.START, FindingEvent.SUBMIT):
        assert FINDING_MACHINE.roles[event] == {HANDLER}
    assert len(FINDING_TRANSITIONS) == 7
