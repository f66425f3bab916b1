"""Tasks for the schedule tests (a task must live at module level to be enqueued)."""

from __future__ import annotations

from django_tasks import task

CALLS: list[str] = []


@task()
def ping() -> str:
    CALLS.append("ping")
    return "pong"


@task()
def pong() -> str:
    CALLS.append("pong")
    return "ping"


@task()
def needs_argument(organ_id: int) -> int:
    return organ_id


not_a_task = 42
