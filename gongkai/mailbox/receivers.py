"""What the mailbox does when something happens (wired in `MailboxConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.mailbox.notices import letter_notify
from gongkai.mailbox.services.channels import channels_create_default
from gongkai.mailbox.signals import letter_transitioned
from gongkai.orgs.models import Organ
from gongkai.orgs.signals import organ_created


@receiver(organ_created, sender=Organ, dispatch_uid="mailbox.channels_for_new_organ")
def give_new_organ_its_mailbox(sender: type[Organ], organ: Organ, **kwargs: Any) -> None:
    """Every organ gets a working consultation channel in the transaction that creates it: no
    site built on gongkai lacks one (legal-rules §4.1, 互动回应差)."""
    channels_create_default(organ=organ)


@receiver(letter_transitioned, dispatch_uid="mailbox.notify_inbox")
def tell_who_the_letter_waits_for(
    sender: Any, *, instance_id: int, event: str, actor_id: int | None = None, **kwargs: Any
) -> None:
    """等我处理 / 已退回 / 不满意 in the inbox, after the transition committed."""
    letter_notify(letter_id=instance_id, event=str(event), actor_id=actor_id)
