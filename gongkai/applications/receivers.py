"""Signal receivers of the applications app."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.core.workcal.signals import calendar_year_loaded


@receiver(calendar_year_loaded, dispatch_uid="applications-recompute-open")
def recompute_when_calendar_changes(sender: Any, **kwargs: Any) -> None:
    """A newly loaded notice can move due dates of open cases (legal-rules §6.3 item 2)."""
    from gongkai.applications.services.deadline_sync import applications_recompute_open
    from gongkai.core.workcal.store import calendar_for_version, current_calendar

    old_label = kwargs.get("old_version")
    new = current_calendar()
    old = calendar_for_version(old_label) if old_label else new
    if old.version != new.version:
        applications_recompute_open(old=old, new=new)
