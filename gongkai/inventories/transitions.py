"""The state machine of list versions (`gongkai/core/fsm.py`).

草稿 → 现行版本 (发布, with a change log from version 2 on: the service checks) → 历史版本 (when
the next version is published, in the same transaction). A published version is never edited:
a change is a new draft copied from it.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.fsm import StateMachine
from gongkai.inventories.models import InventoryVersion, VersionStatus
from gongkai.inventories.signals import version_transitioned
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for

#: Who prepares an organ's lists and guides, and records the 负面清单 reviews.
KEEPERS = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})
#: Who publishes a version (a list is published for the organ, as an item is 签发).
PUBLISHERS = frozenset({Role.APPROVER, Role.ORGAN_ADMIN})


class VersionEvent(models.TextChoices):
    CREATE = "create", "新建草稿"
    PUBLISH = "publish", "发布"
    SUPERSEDE = "supersede", "被新版本替代"


def _roles(actor: object, version: InventoryVersion) -> set[str]:
    return roles_for(actor, version.inventory.organ)  # type: ignore[arg-type]


VERSION_MACHINE: StateMachine[VersionStatus, VersionEvent] = StateMachine(
    name="inventory_version",
    status=VersionStatus,
    events=VersionEvent,
    transitions={
        (None, VersionEvent.CREATE): VersionStatus.DRAFT,
        (VersionStatus.DRAFT, VersionEvent.PUBLISH): VersionStatus.PUBLISHED,
        (VersionStatus.PUBLISHED, VersionEvent.SUPERSEDE): VersionStatus.SUPERSEDED,
    },
    roles={
        VersionEvent.CREATE: KEEPERS,
        VersionEvent.PUBLISH: PUBLISHERS,
        VersionEvent.SUPERSEDE: PUBLISHERS,
    },
    roles_of=_roles,
    subject="清单版本",
    signal=version_transitioned,
)
