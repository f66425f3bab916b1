"""Signals of the working-day calendar."""

from __future__ import annotations

from django.dispatch import Signal

# Sent on commit, once per year whose data changed in a new calendar version (a notice imported,
# a year edited in the admin). Keyword arguments: `year` (int), `status` ("published" |
# "provisional" | "deleted"), `old_version` (label or None), `new_version` (label). Receivers
# recompute the due dates of open cases with `store.calendar_for_version(old_version)` /
# `(new_version)` and log every date that moved (legal-rules §6.3 item 2;
# `gongkai.applications.deadlines.recompute_deadlines`).
calendar_year_loaded = Signal()
