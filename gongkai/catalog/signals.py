"""Signals other apps listen to (search indexing). Sent from `transaction.on_commit`."""

from django.dispatch import Signal

#: Sent with `item_id` after an item was published, withdrawn or edited while public.
item_public_changed = Signal()
