"""Signals other apps listen to (search indexing). Sent from `transaction.on_commit`."""

from django.dispatch import Signal

#: Sent with `item_id` after an item was published, withdrawn or edited while public.
item_public_changed = Signal()

#: Sent on commit after every transition of an item (the item machine's `transitioned` signal),
#: with `instance_id`, `event`, `from_state`, `to_state` and `actor_id`. Receivers: the annual
#: report following its catalog item (`reports/receivers.py`).
item_transitioned = Signal()
