"""Signals of the registers, sent on commit by their state machines."""

from django.dispatch import Signal

entry_transitioned = Signal()
campaign_transitioned = Signal()
draw_transitioned = Signal()
