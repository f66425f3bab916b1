"""Signals of the assessment, for the apps above it (the portal may list published results)."""

from django.dispatch import Signal

#: Sent on commit by `SCHEME_MACHINE.fire` with `instance_id`, `event`, `from_state`,
#: `to_state`, `actor_id` (gongkai/core/fsm.py).
scheme_transitioned = Signal()
