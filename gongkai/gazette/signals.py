"""Signals of the 公报, sent on commit by its state machine."""

from django.dispatch import Signal

issue_transitioned = Signal()
