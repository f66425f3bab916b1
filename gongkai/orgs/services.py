"""Writes for organs and memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.orgs.models import Membership, Organ


@transaction.atomic
def organ_create(*, actor: Any, **fields: Any) -> Organ:
    """Create an organ, validate its codes, and give it the standard catalog columns."""
    from gongkai.catalog.services.columns import columns_create_default

    organ = Organ(**fields)
    organ.full_clean()
    organ.save()
    columns_create_default(organ=organ)
    audit_record(actor=actor, action="organ.create", obj=organ, organ_id=organ.pk)
    return organ


@transaction.atomic
def membership_grant(*, actor: Any, user: Any, organ: Organ, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, organ=organ, role=role)
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        organ_id=organ.pk,
        data={"user": user.get_username(), "role": role},
    )
    return membership
