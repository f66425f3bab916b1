"""What the catalog does when something below it happens (wired in `CatalogConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.catalog.services.columns import columns_create_default
from gongkai.orgs.models import Organ
from gongkai.orgs.signals import organ_created


@receiver(organ_created, sender=Organ, dispatch_uid="catalog.columns_for_new_organ")
def give_new_organ_its_columns(sender: type[Organ], organ: Organ, **kwargs: Any) -> None:
    """Every organ gets the standard catalog columns (Art. 20–21, 国办发〔2019〕61号), in the
    transaction that creates it."""
    columns_create_default(organ=organ)
