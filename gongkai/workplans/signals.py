"""Signals of the work plans, for the apps above them (考核 reads the tasks' outcomes)."""

from django.dispatch import Signal

#: Sent on commit by `TASK_MACHINE.fire` with `instance_id`, `event`, `from_state`, `to_state`,
#: `actor_id` (gongkai/core/fsm.py).
task_transitioned = Signal()

#: Sent on commit by `ROUND_MACHINE.fire` (督查 rounds), same arguments.
round_transitioned = Signal()

#: Sent on commit by `FINDING_MACHINE.fire` (督查 findings and their 整改), same arguments.
finding_transitioned = Signal()
