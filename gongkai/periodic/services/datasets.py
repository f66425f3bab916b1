"""Structured data (issue 19 §4): a CSV/XLSX upload checked against its declared schema, then
published as an accessible table with downloads.

`dataset_upload` reads the file (`tables.py`: the catalog's upload safety), checks the header
against the schema (missing and extra columns named), every cell against its type (row and
column named) and the personal-data rule (`rules.py`), and only then creates the draft: a refused
upload writes nothing. `dataset_publish` puts it on the portal and fulfils its period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.files import as_file, sha256_of
from gongkai.core.actors import Actor, user_of
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.periodic.models import Dataset, Occurrence, Schedule
from gongkai.periodic.rules import (
    SchemaColumn,
    check_cells,
    check_header,
    check_personal_data,
    schema_from_data,
)
from gongkai.periodic.services.schedules import NOT_KEEPER, fulfil, occurrence_for, period_for
from gongkai.periodic.tables import read_table
from gongkai.periodic.transitions import DATASET_MACHINE, KEEPERS, DatasetEvent


@transaction.atomic
def dataset_upload(
    *,
    actor: Actor,
    organ: Organ,
    title: str,
    name: str,
    data: bytes | object,
    schema: Sequence[SchemaColumn] = (),
    schedule: Schedule | None = None,
    period_start: date | None = None,
    summary: str = "",
    today: date | None = None,
) -> Dataset:
    """上传数据: the schema is the one declared here, else the schedule's."""
    require_roles(actor, organ, KEEPERS, message=NOT_KEEPER)
    if schedule is not None and schedule.organ_id != organ.pk:
        raise ValidationError("定期公开事项不属于该机关。")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写数据标题。"})
    columns = list(schema) or (schema_from_data(schedule.schema) if schedule else [])
    if not columns:
        raise ValidationError("请声明数据结构（列名和类型），或选择已声明数据结构的定期公开事项。")
    occurrence = None
    if schedule is not None and period_start is not None:
        occurrence = occurrence_for(schedule, period_for(schedule, period_start))
    upload = as_file(data)  # type: ignore[arg-type]
    table = read_table(name, upload)
    order = check_header(columns, table.header)
    rows = check_cells(columns, order, table.rows)
    check_personal_data(columns, rows, today=today)
    dataset = Dataset(
        organ=organ,
        schedule=schedule,
        occurrence=occurrence,
        title=title[:150],
        summary=summary.strip()[:300],
        schema=[c.as_dict() for c in columns],
        rows=rows,
        row_count=len(rows),
        source_name=table.name,
        source_kind=table.kind,
        source_sha256=sha256_of(upload),
        created_by=user_of(actor),
    )
    return DATASET_MACHINE.fire(
        actor=actor,
        obj=dataset,
        event=DatasetEvent.UPLOAD,
        data={"rows": len(rows), "source": table.name, "sha256": dataset.source_sha256},
    )


@transaction.atomic
def dataset_publish(*, actor: Actor, dataset: Dataset, today: date | None = None) -> Dataset:
    """发布数据: on the portal from now; the period it belongs to is published today.

    `today` (tests, and the demo's back-filled history) dates the publication that day."""
    dataset = DATASET_MACHINE.lock(dataset)
    DATASET_MACHINE.check(actor, dataset, DatasetEvent.PUBLISH)
    now = timezone.now()
    if today is not None and today != timezone.localdate(now):
        now = timezone.make_aware(datetime.combine(today, time(10, 0)))
    dataset.published_at = now
    label = ""
    if dataset.occurrence_id is not None:
        occ = Occurrence.objects.select_for_update().get(pk=dataset.occurrence_id)
        fulfil(occ, on=today or timezone.localdate(now))
        label = occ.label
    return DATASET_MACHINE.fire(
        actor=actor, obj=dataset, event=DatasetEvent.PUBLISH, data={"period": label}
    )


@transaction.atomic
def dataset_withdraw(*, actor: Actor, dataset: Dataset, reason: str) -> Dataset:
    """撤回数据 (with the reason): off the portal; the period keeps its publication date."""
    dataset = DATASET_MACHINE.lock(dataset)
    DATASET_MACHINE.check(actor, dataset, DatasetEvent.WITHDRAW)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回原因。"})
    return DATASET_MACHINE.fire(
        actor=actor, obj=dataset, event=DatasetEvent.WITHDRAW, comment=reason.strip()
    )


__all__ = ["dataset_publish", "dataset_upload", "dataset_withdraw", "period_for"]
