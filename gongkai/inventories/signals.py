"""Signals of the lists, sent on commit by their state machine (for apps above: the monitor)."""

from django.dispatch import Signal

version_transitioned = Signal()
