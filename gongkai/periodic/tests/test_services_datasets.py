"""Uploading a dataset against its declared schema (the issue's bad inputs refused, nothing
written) and publishing it, which fulfils its period on time or late."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.models import AuditEvent
from gongkai.core.workcal.calendar import WorkCalendar
from gongkai.periodic import selectors
from gongkai.periodic.models import Dataset, DatasetStatus, Occurrence, OccurrenceState, Schedule
from gongkai.periodic.rules import SchemaColumn
from gongkai.periodic.services import datasets
from gongkai.periodic.tests.conftest import TODAY, dibao_csv

pytestmark = pytest.mark.django_db

ID = "33010219850307123" + resident_id_check_char("33010219850307123")
GOOD = ("青岚区,1200,86.5,3400,150.25", "鹭溪县,800,52,2100,97.1")


def _upload(
    schedule: Schedule, who: Any, data: bytes, name: str = "低保.csv", **kw: Any
) -> Dataset:
    return datasets.dataset_upload(
        actor=who,
        organ=schedule.organ,
        title="2026年4月城乡低保数据",
        name=name,
        data=data,
        schedule=schedule,
        period_start=kw.pop("period_start", date(2026, 4, 1)),
        today=TODAY,
        **kw,
    )


def test_upload_checks_and_stores_the_rows(dibao: Schedule, staff: dict[str, Any]) -> None:
    ds = _upload(dibao, staff["editor"], dibao_csv(*GOOD))
    assert ds.status == DatasetStatus.DRAFT
    assert ds.row_count == 2 and ds.rows[0] == ["青岚区", "1200", "86.5", "3400", "150.25"]
    assert ds.column_names[0] == "地区"
    assert ds.occurrence is not None and ds.occurrence.label == "2026年4月"
    assert AuditEvent.objects.get(action="periodic_dataset.upload").data["rows"] == 2


def test_upload_of_gbk_csv_and_xlsx(dibao: Schedule, staff: dict[str, Any]) -> None:
    assert _upload(dibao, staff["editor"], dibao_csv(*GOOD, encoding="gbk")).row_count == 2
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "农村低保人数",
            "地区",
            "城市低保人数",
            "城市低保资金支出（万元）",
            "农村低保资金支出（万元）",
        ]
    )
    sheet.append([3400, "青岚区", 1200, 86.5, 150.25])
    out = io.BytesIO()
    book.save(out)
    ds = _upload(dibao, staff["editor"], out.getvalue(), name="低保.xlsx")
    assert ds.source_kind == "xlsx"
    assert ds.rows == [["青岚区", "1200", "86.5", "3400", "150.25"]]


def test_schema_mismatch_is_refused_naming_the_columns(
    dibao: Schedule, staff: dict[str, Any]
) -> None:
    data = dibao_csv(
        "青岚区,1200,86.5,3400", header="地区,城市低保人数,城市低保资金支出（万元）,农村人数\n"
    )
    with pytest.raises(ValidationError) as exc:
        _upload(dibao, staff["editor"], data)
    message = "；".join(exc.value.messages)
    assert "缺少声明的列：“农村低保人数”、“农村低保资金支出（万元）”" in message
    assert "多出未声明的列：“农村人数”" in message
    assert not Dataset.objects.exists() and not Occurrence.objects.exists()


def test_an_id_number_column_is_refused(organ: Any, staff: dict[str, Any]) -> None:
    schema = [
        SchemaColumn("姓名", "text"),
        SchemaColumn("身份号码", "text"),
        SchemaColumn("金额", "decimal"),
    ]
    data = f"姓名,身份号码,金额\n张某,{ID},300\n".encode()
    with pytest.raises(ValidationError) as exc:
        datasets.dataset_upload(
            actor=staff["editor"],
            organ=organ,
            title="救助名单",
            name="名单.csv",
            data=data,
            schema=schema,
            today=TODAY,
        )
    assert "“身份号码”列含有未遮盖的身份证号码" in exc.value.messages[0]
    assert not Dataset.objects.exists()
    masked = "姓名,身份号码,金额\n张某,330102********1234,300\n".encode()
    schema[1] = SchemaColumn("身份号码", "text", masked=True)
    ds = datasets.dataset_upload(
        actor=staff["editor"],
        organ=organ,
        title="救助名单",
        name="名单.csv",
        data=masked,
        schema=schema,
        today=TODAY,
    )
    assert ds.rows[0][1] == "330102********1234"


def test_bad_values_are_refused(dibao: Schedule, staff: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="第3行“城市低保人数”列的值“八百”不是整数"):
        _upload(dibao, staff["editor"], dibao_csv(GOOD[0], "鹭溪县,八百,52,2100,97.1"))
    assert not Dataset.objects.exists()


def test_upload_needs_a_schema_and_a_keeper(
    organ: Any, staff: dict[str, Any], outsider: Any, dibao: Schedule
) -> None:
    with pytest.raises(ValidationError, match="请声明数据结构"):
        datasets.dataset_upload(
            actor=staff["editor"], organ=organ, title="x", name="a.csv", data=b"a\n1\n"
        )
    with pytest.raises(PermissionDenied):
        _upload(dibao, outsider, dibao_csv(*GOOD))
    with pytest.raises(PermissionDenied):
        _upload(dibao, staff["approver"], dibao_csv(*GOOD))


def test_publish_fulfils_the_period(
    dibao: Schedule, staff: dict[str, Any], cal: WorkCalendar
) -> None:
    ds = _upload(dibao, staff["editor"], dibao_csv(*GOOD))
    with pytest.raises(PermissionDenied):
        datasets.dataset_publish(actor=staff["editor"], dataset=ds)
    ds = datasets.dataset_publish(actor=staff["approver"], dataset=ds, today=date(2026, 5, 14))
    assert ds.status == DatasetStatus.PUBLISHED
    late = _upload(dibao, staff["editor"], dibao_csv(*GOOD), period_start=date(2026, 3, 1))
    datasets.dataset_publish(actor=staff["approver"], dataset=late, today=date(2026, 4, 20))
    rows = selectors.schedule_rows(
        dibao, start=date(2026, 3, 1), end=date(2026, 4, 30), today=TODAY, cal=cal
    )
    assert [(r.period.label, r.state) for r in rows] == [
        ("2026年3月", OccurrenceState.LATE),
        ("2026年4月", OccurrenceState.ON_TIME),
    ]


def test_withdraw_needs_a_reason_and_keeps_the_date(dibao: Schedule, staff: dict[str, Any]) -> None:
    ds = datasets.dataset_publish(
        actor=staff["approver"],
        dataset=_upload(dibao, staff["editor"], dibao_csv(*GOOD)),
        today=date(2026, 5, 14),
    )
    with pytest.raises(ValidationError):
        datasets.dataset_withdraw(actor=staff["approver"], dataset=ds, reason=" ")
    ds = datasets.dataset_withdraw(
        actor=staff["approver"], dataset=ds, reason="数据有误，更正后重新发布。"
    )
    assert ds.status == DatasetStatus.WITHDRAWN
    assert ds.occurrence is not None
    assert Occurrence.objects.get(pk=ds.occurrence.pk).fulfilled_on == date(2026, 5, 14)
