"""Signals of the organ tree, for the apps above it (orgs imports none of them)."""

from django.dispatch import Signal

#: Sent with `organ` by `organ_create`, inside its transaction (not on commit): what receivers
#: write (catalog: the standard columns, Art. 20–21) is saved with the organ or not at all.
organ_created = Signal()
