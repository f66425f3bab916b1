"""The task's transition table and who may fire each event."""

from __future__ import annotations

import pytest

from gongkai.workplans.models import Status
from gongkai.workplans.transitions import HANDLER, OFFICE, TASK_MACHINE, TRANSITIONS, Event


@pytest.mark.parametrize(
    ("current", "event", "after"),
    [
        (None, Event.ASSIGN, Status.ASSIGNED),
        (Status.ASSIGNED, Event.REPORT, Status.REPORTED),
        (Status.RETURNED, Event.REPORT, Status.REPORTED),
        (Status.REPORTED, Event.ACCEPT, Status.DONE),
        (Status.REPORTED, Event.RETURN, Status.RETURNED),
    ],
)
def test_allowed(current: Status | None, event: Event, after: Status) -> None:
    assert TASK_MACHINE.next_status(current, event) == after


@pytest.mark.parametrize(
    ("current", "event"),
    [
        (Status.ASSIGNED, Event.ACCEPT),
        (Status.ASSIGNED, Event.RETURN),
        (Status.REPORTED, Event.REPORT),
        (Status.DONE, Event.REPORT),
        (Status.DONE, Event.RETURN),
        (Status.RETURNED, Event.ACCEPT),
    ],
)
def test_refused(current: Status, event: Event) -> None:
    from gongkai.core.fsm import InvalidTransition

    with pytest.raises(InvalidTransition, match=f"任务当前状态为“{current.label}”"):
        TASK_MACHINE.next_status(current, event)


def test_roles() -> None:
    assert TASK_MACHINE.roles[Event.REPORT] == {HANDLER}
    assert {TASK_MACHINE.roles[e] for e in (Event.ASSIGN, Event.ACCEPT, Event.RETURN)} == {
        frozenset({OFFICE})
    }
    assert len(TRANSITIONS) == 5
