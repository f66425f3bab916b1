"""The transition table: one writer, roles per event, the writer's own events."""

from __future__ import annotations

from gongkai.core.fsm import SYSTEM
from gongkai.mailbox.models import Status
from gongkai.mailbox.transitions import LETTER_MACHINE, TRANSITIONS, WRITER_EVENTS, Event


def test_every_state_is_reachable_and_every_open_state_has_a_way_out() -> None:
    reached = set(TRANSITIONS.values())
    assert reached == set(Status)
    leaving = {before for (before, _event) in TRANSITIONS if before is not None}
    assert leaving == set(Status) - {Status.ARCHIVED}


def test_the_writer_and_the_jobs_fire_only_their_events() -> None:
    assert all(LETTER_MACHINE.roles[e] == SYSTEM for e in WRITER_EVENTS | {Event.DEFAULT_RATE})
    staff = set(Event) - WRITER_EVENTS - {Event.DEFAULT_RATE}
    assert all(LETTER_MACHINE.roles[e] for e in staff)


def test_labels_are_chinese() -> None:
    assert LETTER_MACHINE.actions("letter.transfer").label == "转办"
    assert Status.SCREENING.label == "待审核" and Status.PROCESSING.label == "办理中"
