"""The state machine of a dataset (`gongkai/core/fsm.py`): 待发布 → 已发布 → 已撤回.

Uploading creates the draft (the checks ran before it exists); 发布 puts the table on the portal
and fulfils its period; 撤回 takes it off (the period's record keeps its date: it was published).
"""

from __future__ import annotations

from django.db import models

from gongkai.core.fsm import StateMachine
from gongkai.orgs.models import Role
from gongkai.orgs.permissions import roles_for
from gongkai.periodic.models import DatasetStatus
from gongkai.periodic.signals import dataset_transitioned

#: Who keeps an organ's schedules and uploads its data (采编, 公开办).
KEEPERS = frozenset({Role.EDITOR, Role.ORGAN_ADMIN})
#: Who publishes data to the portal (签发, 公开办): the same posts that publish an item.
PUBLISHERS = frozenset({Role.APPROVER, Role.ORGAN_ADMIN})


class DatasetEvent(models.TextChoices):
    UPLOAD = "upload", "上传数据"
    PUBLISH = "publish", "发布数据"
    WITHDRAW = "withdraw", "撤回数据"


DATASET_MACHINE: StateMachine[DatasetStatus, DatasetEvent] = StateMachine(
    name="periodic_dataset",
    status=DatasetStatus,
    events=DatasetEvent,
    transitions={
        (None, DatasetEvent.UPLOAD): DatasetStatus.DRAFT,
        (DatasetStatus.DRAFT, DatasetEvent.PUBLISH): DatasetStatus.PUBLISHED,
        (DatasetStatus.PUBLISHED, DatasetEvent.WITHDRAW): DatasetStatus.WITHDRAWN,
    },
    roles={
        DatasetEvent.UPLOAD: KEEPERS,
        DatasetEvent.PUBLISH: PUBLISHERS,
        DatasetEvent.WITHDRAW: PUBLISHERS,
    },
    roles_of=lambda actor, dataset: roles_for(actor, dataset.organ),
    subject="公开数据",
    signal=dataset_transitioned,
)
