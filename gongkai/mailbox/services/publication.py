"""Publishing a letter and its reply on the mailbox's public pages: a choice of the office.

Possible only with the writer's consent, asked at writing (`Letter.consent_publish`; the
database refuses a published letter without it), once answered, and when the 保密 scanner finds
no secrecy mark. What the public reads is a masked copy made now (`masking.py`: the writer's
name, phone, ID number, e-mail and address, and every ID, mobile, card number, e-mail, landline
and house number in the texts); the letter itself is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.mailbox.audit import MailboxAudit
from gongkai.mailbox.masking import mask_text
from gongkai.mailbox.models import Letter
from gongkai.mailbox.rules import publication_refusal
from gongkai.mailbox.signals import letter_publication_changed
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import require_roles

#: Who publishes: the organ's 公开办 or its leader (签发).
PUBLISH_ROLES = frozenset({Role.ORGAN_ADMIN, Role.APPROVER})


@dataclass(frozen=True)
class PublicCopy:
    title: str
    body: str
    reply: str
    secrecy_marks: int


def public_copy(letter: Letter) -> PublicCopy:
    """The masked copy of the letter and reply as the public would read it (also the preview)."""
    personal = {
        "name": letter.name,
        "phone": letter.phone,
        "id_number": letter.id_number,
        "email": letter.email,
        "address": letter.address,
    }
    title, body, reply = (
        mask_text(t, personal=personal) for t in (letter.title, letter.body, letter.reply)
    )
    marks = title.secrecy_marks + body.secrecy_marks + reply.secrecy_marks
    return PublicCopy(title.text[:100], body.text, reply.text, marks)


def publication_check(letter: Letter, copy: PublicCopy | None = None) -> None:
    copy = copy or public_copy(letter)
    reason = publication_refusal(
        consent=letter.consent_publish, status=letter.status, secrecy_marks=copy.secrecy_marks
    )
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def letter_publish(*, actor: Actor, letter: Letter) -> Letter:
    """Publish the masked letter and reply (公开): consent, answered, no secrecy mark."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    require_roles(
        actor, letter.organ, PUBLISH_ROLES, message="公开留言须由本机关公开办或签发决定。"
    )
    copy = public_copy(letter)
    publication_check(letter, copy)
    letter.published = True
    letter.published_at = timezone.now()
    letter.published_title = copy.title
    letter.published_body = copy.body
    letter.published_reply = copy.reply
    letter.save()
    audit_record(actor=actor, action=MailboxAudit.PUBLISH, obj=letter, organ_id=letter.organ_id)
    pk = letter.pk
    transaction.on_commit(lambda: letter_publication_changed.send(sender=Letter, letter_id=pk))
    return letter


@transaction.atomic
def letter_unpublish(*, actor: Actor, letter: Letter, reason: str) -> Letter:
    """Take a published letter off the public pages (its masked copy is dropped)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写撤销公开的理由。")
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    require_roles(
        actor, letter.organ, PUBLISH_ROLES, message="撤销公开须由本机关公开办或签发决定。"
    )
    if not letter.published:
        raise ValidationError("该留言未公开。")
    letter.published = False
    letter.published_title = letter.published_body = letter.published_reply = ""
    letter.save()
    audit_record(
        actor=actor, action=MailboxAudit.UNPUBLISH, obj=letter, organ_id=letter.organ_id,
        comment=reason[:300],
    )  # fmt: skip
    pk = letter.pk
    transaction.on_commit(lambda: letter_publication_changed.send(sender=Letter, letter_id=pk))
    return letter
