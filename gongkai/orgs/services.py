"""Writes for organs and memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.orgs.audit import OrgsAudit
from gongkai.orgs.models import GUIDE_FIELDS, Membership, Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.orgs.signals import organ_created


@transaction.atomic
def organ_create(*, actor: Actor, organ: Organ) -> Organ:
    """Validate and save a new organ; `organ_created` receivers (the catalog's standard
    columns) write in the same transaction."""
    organ.full_clean()
    organ.save()
    organ_created.send(sender=Organ, organ=organ)
    audit_record(actor=actor, action=OrgsAudit.ORGAN_CREATE, obj=organ, organ_id=organ.pk)
    return organ


@transaction.atomic
def organ_change(*, actor: Actor, organ: Organ, changed: list[str]) -> Organ:
    """Save edits to an organ (the admin form validated them) and audit which fields changed."""
    organ.full_clean()
    organ.save()
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGAN_CHANGE,
        obj=organ,
        organ_id=organ.pk,
        data={"fields": sorted(changed)},
    )
    return organ


@transaction.atomic
def membership_grant(
    *, actor: Actor, user: AbstractBaseUser, organ: Organ, role: str
) -> Membership:
    membership, _ = Membership.objects.get_or_create(user_id=user.pk, organ=organ, role=role)
    audit_record(
        actor=actor,
        action=OrgsAudit.MEMBERSHIP_GRANT,
        obj=membership,
        organ_id=organ.pk,
        data={"user": user.get_username(), "role": role},
    )
    return membership


@transaction.atomic
def organ_guide_update(*, actor: Actor, organ: Organ, **fields: Any) -> Organ:
    """Art. 12: the 公开办管理员 keeps the 公开指南 contact data current (dated)."""
    require_roles(actor, organ, {Role.ORGAN_ADMIN}, message="您不是该机关的公开办管理员。")
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown guide fields: {sorted(unknown)}")
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    changed = sorted(k for k, v in fields.items() if getattr(organ, k) != v)
    for name, value in fields.items():
        setattr(organ, name, value)
    if fields.get("guide_updated_at") is None:
        organ.guide_updated_at = timezone.localdate()
    organ.full_clean()
    organ.save(update_fields=[*GUIDE_FIELDS])
    audit_record(
        actor=actor,
        action=OrgsAudit.ORGAN_GUIDE,
        obj=organ,
        organ_id=organ.pk,
        data={"changed": changed},
    )
    return organ
