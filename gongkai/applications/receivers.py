"""Signal receivers of the applications app."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.applications.notices import application_notify
from gongkai.applications.transitions import APP_MACHINE
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


@receiver(APP_MACHINE.transitioned, dispatch_uid="applications-notify-inbox")
def tell_who_the_case_waits_for(
    sender: Any,
    *,
    instance_id: int,
    event: str,
    from_state: str = "",
    to_state: str = "",
    actor_id: int | None = None,
    **kwargs: Any,
) -> None:
    """A new case, an answer waiting for 审核/签发 or sent back: the inbox (issue 13 §8)."""
    application_notify(
        app_id=instance_id,
        event=str(event),
        from_state=str(from_state),
        to_state=str(to_state),
        actor_id=actor_id,
    )
