"""Signals of the work plans, for the apps above them (考核 reads the tasks' outcomes)."""

from django.dispatch import Signal

#: Sent on commit by `TASK_MACHINE.fire` with `instance_id`, `event`, `from_state`, `to_state`,
#: `actor_id` (gongkai/core/fsm.py).
task_transitioned = Signal()
