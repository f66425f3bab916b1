"""Signals of the periodic disclosure, for the apps above it."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent on commit by the dataset machine (instance_id, event, from_state, to_state, actor_id).
dataset_transitioned = Signal()
