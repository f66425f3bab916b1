"""Signals of 公众参与, for the apps above it (it imports none of them)."""

from django.dispatch import Signal

#: Sent on commit by `CONSULTATION_MACHINE.fire` (instance_id, event, from_state, to_state,
#: actor_id: gongkai/core/fsm.py).
consultation_transitioned = Signal()

#: Sent on commit by `COMMENT_MACHINE.fire`.
comment_transitioned = Signal()
