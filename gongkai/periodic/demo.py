"""Demo of the periodic disclosure (issue 19 §7: schedules with one overdue). Everything goes
through the services, as the people in the demo would; the figures are generated here.

- the 民政 department: 城乡低保 monthly (six months back) and 救灾资金 quarterly, each past period
  uploaded and published on time as a dataset, except the latest 低保 month past its due date:
  left unpublished, it is the one 逾期未发布 the calendar and the reminder job show;
- the 财政 department: 部门预算 (due 20 days after the 批复, 《预算法》第十四条), waiting for
  its trigger date.

Call it after the catalog demo (`gongkai/demo/generate.py`):

    build_periodic(welfare=mzj.organ, welfare_staff=mzj.users, finance=czj.organ,
                   office=city.users["organ_admin"], regions=[...])
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.periodic import selectors
from gongkai.periodic.models import Dataset, OccurrenceState, Schedule
from gongkai.periodic.services import datasets, schedules
from gongkai.periodic.tables import csv_bytes


@dataclass
class Made:
    schedules: list[Schedule] = field(default_factory=list)
    datasets: list[Dataset] = field(default_factory=list)
    overdue: list[selectors.Row] = field(default_factory=list)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _dibao_rows(regions: Sequence[str], rng: random.Random) -> list[list[str]]:
    rows = []
    for region in regions:
        urban = rng.randint(800, 4000)
        rural = rng.randint(2000, 9000)
        rows.append(
            [
                region,
                str(urban),
                f"{urban * rng.uniform(0.06, 0.08):.2f}",
                str(rural),
                f"{rural * rng.uniform(0.04, 0.06):.2f}",
            ]
        )
    return rows


def _relief_rows(period: str, rng: random.Random) -> list[list[str]]:
    kinds = ("中央自然灾害救灾资金", "省级自然灾害救灾资金", "市级冬春救助资金")
    return [
        [
            f"{period}{kind}",
            f"{period[:4]}-{rng.randint(1, 12):02d}-15",
            f"{rng.uniform(20, 300):.2f}",
            "受灾群众基本生活救助",
        ]
        for kind in kinds
    ]


def _publish_period(
    *,
    schedule: Schedule,
    row: selectors.Row,
    staff: Mapping[str, Any],
    header: list[str],
    body: list[list[str]],
) -> Dataset:
    uploaded = datasets.dataset_upload(
        actor=staff["editor"],
        organ=schedule.organ,
        title=f"{schedule.title}（{row.period.label}）",
        name=f"{schedule.template_code}-{row.period.start:%Y%m}.csv",
        data=csv_bytes(header, body),
        schedule=schedule,
        period_start=row.period.start,
    )
    due_on = row.due_on or row.period.end
    on_time = min(due_on, row.period.end + timedelta(days=5))
    return datasets.dataset_publish(actor=staff["approver"], dataset=uploaded, today=on_time)


@transaction.atomic
def build_periodic(
    *,
    welfare: Organ,
    welfare_staff: Mapping[str, Any],
    finance: Organ | None,
    office: Any,
    regions: Sequence[str],
    today: date | None = None,
    rng: random.Random | None = None,
) -> Made:
    today = today or timezone.localdate()
    rng = rng or random.Random(19)  # noqa: S311 - demo figures, not secrets
    made = Made()
    start = _months_back(today, 6)
    dibao = schedules.schedule_from_template(
        actor=office, organ=welfare, code="dibao-monthly", starts_on=start
    )
    relief = schedules.schedule_from_template(
        actor=office, organ=welfare, code="relief-funds-quarterly", starts_on=start
    )
    made.schedules += [dibao, relief]
    header_dibao = [c["name"] for c in dibao.schema]
    past = [
        r
        for r in selectors.schedule_rows(dibao, start=start, end=today, today=today)
        if r.due_on is not None and r.due_on < today
    ]
    for row in past[:-1]:  # the latest month past its due date stays unpublished: overdue
        made.datasets.append(
            _publish_period(
                schedule=dibao,
                row=row,
                staff=welfare_staff,
                header=header_dibao,
                body=_dibao_rows(regions, rng),
            )
        )
    header_relief = [c["name"] for c in relief.schema]
    for row in selectors.schedule_rows(relief, start=start, end=today, today=today):
        if row.due_on is not None and row.due_on < today:
            made.datasets.append(
                _publish_period(
                    schedule=relief,
                    row=row,
                    staff=welfare_staff,
                    header=header_relief,
                    body=_relief_rows(row.period.label, rng),
                )
            )
    if finance is not None:
        made.schedules.append(
            schedules.schedule_from_template(
                actor=office,
                organ=finance,
                code="department-budget",
                starts_on=date(today.year, 1, 1),
            )
        )
    rows = selectors.calendar(
        organs=[welfare] + ([finance] if finance else []),
        window=selectors.month_window(today, 1),
        today=today,
    )
    made.overdue = [r for r in rows if r.state == OccurrenceState.OVERDUE]
    return made
