"""The portal: the organ's 重点领域 page, the accessible data table and its downloads."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from gongkai.periodic.models import Dataset, Schedule
from gongkai.periodic.services import datasets
from gongkai.periodic.tests.conftest import dibao_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(dibao: Schedule, staff: dict[str, Any]) -> Dataset:
    ds = datasets.dataset_upload(
        actor=staff["editor"],
        organ=dibao.organ,
        title="2026年4月城乡低保数据",
        name="低保.csv",
        data=dibao_csv("青岚区,1200,86.5,3400,150.25", '=HYPERLINK("x"),1,1,1,1'),
        schedule=dibao,
        period_start=date(2026, 4, 1),
    )
    return datasets.dataset_publish(actor=staff["approver"], dataset=ds)


def test_dataset_page_is_an_accessible_table(client: Any, published: Dataset) -> None:
    body = client.get(reverse("periodic:dataset", args=[published.pk])).content.decode()
    assert '<caption id="data-caption">2026年4月城乡低保数据</caption>' in body
    assert '<th scope="col">地区</th>' in body and '<th scope="row">青岚区</th>' in body
    assert 'aria-describedby="data-summary"' in body and "共 2 行、5 列" in body
    assert reverse("periodic:dataset_csv", args=[published.pk]) in body


def test_downloads_defuse_formulas(client: Any, published: Dataset) -> None:
    response = client.get(reverse("periodic:dataset_csv", args=[published.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "地区" and rows[2][0] == '\'=HYPERLINK("x")'
    response = client.get(reverse("periodic:dataset_xlsx", args=[published.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet["A3"].data_type == "s"


def test_organ_page_and_index(client: Any, published: Dataset, dibao: Schedule) -> None:
    body = client.get(reverse("periodic:organ", args=[dibao.organ_id])).content.decode()
    assert "城乡最低生活保障月度数据" in body and "每月，期末后15日内" in body
    assert "2026年4月城乡低保数据" in body
    assert dibao.organ.name in client.get(reverse("periodic:index")).content.decode()


def test_a_draft_or_withdrawn_dataset_is_not_public(
    client: Any, published: Dataset, staff: dict[str, Any]
) -> None:
    datasets.dataset_withdraw(actor=staff["approver"], dataset=published, reason="更正")
    assert client.get(reverse("periodic:dataset", args=[published.pk])).status_code == 404
    assert client.get(reverse("periodic:dataset_csv", args=[published.pk])).status_code == 404
