"""Objects of an organ's periodic disclosure for the authorisation matrix
(`tests/test_authz_matrix.py`): a monthly 城乡低保 schedule (from its template) and a dataset
uploaded for one of its months, waiting for 签发."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.catalog.models import Column
from gongkai.orgs.models import Organ
from gongkai.periodic.presets import templates
from gongkai.periodic.services.datasets import dataset_upload
from gongkai.periodic.services.schedules import schedule_from_template, template_column

DIBAO = "dibao-monthly"
CSV = (
    "地区,城市低保人数,城市低保资金支出（万元）,农村低保人数,农村低保资金支出（万元）\n"
    "城区,1200,56.5,800,30.2\n"
).encode()


def authz_objects(*, organ: Organ, admin: Any, editor: Any) -> dict[str, Any]:
    column = template_column(organ, templates()[DIBAO].columns)
    schedule = schedule_from_template(
        actor=admin,
        organ=organ,
        code=DIBAO,
        starts_on=date(2026, 1, 1),
        column=column or Column.objects.filter(organ=organ, is_active=True).first(),
    )
    dataset = dataset_upload(
        actor=editor,
        organ=organ,
        title="2026年4月城乡低保数据",
        name="低保.csv",
        data=CSV,
        schedule=schedule,
        period_start=date(2026, 4, 1),
        today=date(2026, 5, 20),
    )
    return {"periodic_schedule": schedule, "periodic_dataset": dataset}
