"""The back office: pages render for staff, bad uploads come back with their Chinese message
(nothing written), outsiders get 403/404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.periodic.models import Dataset, DatasetStatus, Schedule
from gongkai.periodic.tests.conftest import dibao_csv

pytestmark = pytest.mark.django_db


def test_index_and_template_creation(
    login: Callable[[Any], Any], staff: dict[str, Any], organ: Any
) -> None:
    client = login(staff["organ_admin"])
    page = client.get(reverse("office_periodic:index"))
    assert page.status_code == 200 and "从模板新建" in page.content.decode()
    assert "每年，财政部门批复预算后20日内" in page.content.decode()
    # 起始日期 starts at today, as a date input can show it (ISO, not the locale's 2026/05/20).
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page.content.decode()
    response = client.post(
        reverse("office_periodic:from_template"),
        {"organ": organ.pk, "template": "relief-funds-quarterly", "starts_on": "2026-01-01"},
    )
    schedule = Schedule.objects.get()
    assert response.status_code == 302 and response["Location"] == schedule.get_absolute_url()
    page = client.get(schedule.get_absolute_url())
    assert "救灾资金分配和使用情况" in page.content.decode()


def test_manual_schedule_form_refuses_a_bad_schema(
    login: Callable[[Any], Any], staff: dict[str, Any], organ: Any
) -> None:
    client = login(staff["organ_admin"])
    column = organ.columns.get(code="key-welfare")
    response = client.post(
        reverse("office_periodic:schedule_new"),
        {
            "organ": organ.pk,
            "title": "临时救助",
            "column": column.pk,
            "frequency": "monthly",
            "due_basis": "period_end",
            "due_days": "10",
            "day_kind": "calendar",
            "starts_on": "2026-01-01",
            "schema": "地区：文字",
        },
    )
    assert response.status_code == 400
    assert "类型“文字”无法识别" in response.content.decode()
    assert not Schedule.objects.exists()


def test_calendar_page_bounds_a_huge_request(
    login: Callable[[Any], Any], staff: dict[str, Any], dibao: Schedule
) -> None:
    page = login(staff["editor"]).get(
        reverse("office_periodic:calendar"), {"month": "2026-01", "months": "99999999"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "最多显示24个月" in body and "逾期未发布" in body
    page = login(staff["editor"]).get(reverse("office_periodic:calendar"), {"month": "garbage"})
    assert "月份格式应为" in page.content.decode()


def test_upload_bad_schema_shows_the_message(
    login: Callable[[Any], Any], staff: dict[str, Any], dibao: Schedule
) -> None:
    client = login(staff["editor"])
    bad = SimpleUploadedFile("低保.csv", dibao_csv("青岚区,1", header="地区,人数\n"))
    response = client.post(
        reverse("office_periodic:upload", args=[dibao.pk]),
        {"title": "4月数据", "file": bad, "period_start": "2026-04-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "缺少声明的列" in body and "多出未声明的列：“人数”" in body
    assert not Dataset.objects.exists()


def test_upload_then_publish(
    login: Callable[[Any], Any], staff: dict[str, Any], dibao: Schedule
) -> None:
    good = SimpleUploadedFile("低保.csv", dibao_csv("青岚区,1200,86.5,3400,150.25"))
    response = login(staff["editor"]).post(
        reverse("office_periodic:upload", args=[dibao.pk]),
        {"title": "4月数据", "file": good, "period_start": "2026-04-01"},
    )
    ds = Dataset.objects.get()
    assert response.status_code == 302
    client = login(staff["approver"])
    page = client.get(reverse("office_periodic:dataset", args=[ds.pk]))
    assert "发布数据" in page.content.decode()
    client.post(reverse("office_periodic:dataset_act", args=[ds.pk, "publish"]))
    ds.refresh_from_db()
    assert ds.status == DatasetStatus.PUBLISHED
    assert ds.occurrence is not None and ds.occurrence.fulfilled_on is not None


def test_link_and_trigger_bad_input(
    login: Callable[[Any], Any], staff: dict[str, Any], budget: Schedule
) -> None:
    client = login(staff["editor"])
    response = client.post(
        reverse("office_periodic:schedule_act", args=[budget.pk, "link"]),
        {"period_start": "2026-01-01", "item": "999999"},
        follow=True,
    )
    assert "没有找到该编号" in response.content.decode()
    response = client.post(
        reverse("office_periodic:schedule_act", args=[budget.pk, "trigger"]),
        {"trigger_on": "2099-01-01", "period_start": "2026-01-01"},
        follow=True,
    )
    assert "不能晚于今天" in response.content.decode()


def test_outsiders_are_kept_out(
    login: Callable[[Any], Any], outsider: Any, dibao: Schedule
) -> None:
    client = login(outsider)
    assert client.get(reverse("office_periodic:index")).status_code == 403
    assert client.get(reverse("office_periodic:calendar")).status_code == 403
    assert client.get(dibao.get_absolute_url()).status_code == 404
    assert client.post(reverse("office_periodic:from_template"), {}).status_code == 403


def test_login_required(client: Any, dibao: Schedule) -> None:
    response = client.get(reverse("office_periodic:index"))
    assert response.status_code == 302 and "login" in response["Location"]
