"""Signals of the mailbox, for the apps above it (the mailbox imports none of them)."""

from django.dispatch import Signal

#: Sent on commit by `LETTER_MACHINE.fire` with `instance_id`, `event`, `from_state`,
#: `to_state`, `actor_id` (gongkai/core/fsm.py).
letter_transitioned = Signal()

#: Sent on commit with `letter_id` when a reply is published or withdrawn from the public pages.
letter_publication_changed = Signal()
