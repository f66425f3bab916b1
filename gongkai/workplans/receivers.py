"""What the work plans do when something happens (wired in `WorkplansConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.workplans.notices import finding_notify, round_notify, task_notify
from gongkai.workplans.signals import finding_transitioned, round_transitioned, task_transitioned


@receiver(task_transitioned, dispatch_uid="workplans.notify_inbox")
def tell_who_the_task_waits_for(
    sender: Any, *, instance_id: int, event: str, actor_id: int | None = None, **kwargs: Any
) -> None:
    """等我处理 / 已退回 in the inbox, after the transition committed."""
    task_notify(task_id=instance_id, event=str(event), actor_id=actor_id)


@receiver(round_transitioned, dispatch_uid="workplans.round_inbox")
def tell_the_inspected_organs(
    sender: Any, *, instance_id: int, event: str, actor_id: int | None = None, **kwargs: Any
) -> None:
    round_notify(round_id=instance_id, event=str(event), actor_id=actor_id)


@receiver(finding_transitioned, dispatch_uid="workplans.finding_inbox")
def tell_who_the_finding_waits_for(
    sender: Any, *, instance_id: int, event: str, actor_id: int | None = None, **kwargs: Any
) -> None:
    """待整改 / 待核验 / 已退回 in the inbox, after the transition committed."""
    finding_notify(finding_id=instance_id, event=str(event), actor_id=actor_id)
