"""Fixtures of the work-plan tests: a city government with two departments and a county (with
its own department), another city outside, and a person in each post."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from gongkai.orgs.models import Organ
from gongkai.workplans.models import Plan, Point, Task
from gongkai.workplans.services.plans import plan_import
from gongkai.workplans.services.tasks import TaskFields, task_assign

TODAY = date(2026, 3, 2)

PLAN_TEXT = """测试市2026年政务公开工作要点
全面推进政务公开，现提出如下要点。
一、以政务公开助推法治政府建设
（一）全面推行主动公开基本目录制度
健全完善各重点领域的主动公开基本目录。（市政府办公室牵头，各县区政府负责）
（二）做好财政预决算公开
按要求公开预决算。（市财政局牵头，市住建局配合）
二、加强政务公开平台建设
（一）推进政府网站集约化
完成集约化网站建设。（市直各单位）
（二）开展新媒体管理
加强政务新媒体管理。（市网信办）
"""


@pytest.fixture
def city(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def finance(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市财政局", parent=city)


@pytest.fixture
def housing(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ("测试市住房和城乡建设局", parent=city)


@pytest.fixture
def county(make_organ: Callable[..., Organ], city: Organ) -> Organ:
    return make_organ(
        "测试市东湖县人民政府", parent=city, kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY
    )


@pytest.fixture
def county_dept(make_organ: Callable[..., Organ], county: Organ) -> Organ:
    return make_organ("东湖县财政局", parent=county, level=Organ.Level.COUNTY)


@pytest.fixture
def elsewhere(make_organ: Callable[..., Organ]) -> Organ:
    return make_organ("另一市人民政府", kind=Organ.Kind.GOVERNMENT)


@pytest.fixture
def people(
    make_user: Callable[..., Any],
    city: Organ,
    finance: Organ,
    housing: Organ,
    county: Organ,
    county_dept: Organ,
) -> dict[str, Any]:
    return {
        "office": make_user("wp-office", organ=city, roles=("organ_admin",)),
        "finance": make_user("wp-finance", organ=finance, roles=("editor",)),
        "finance_admin": make_user("wp-finance-admin", organ=finance, roles=("organ_admin",)),
        "housing": make_user("wp-housing", organ=housing, roles=("editor",)),
        "county_office": make_user("wp-county-office", organ=county, roles=("organ_admin",)),
        "county_dept": make_user("wp-county-dept", organ=county_dept, roles=("editor",)),
        "approver": make_user("wp-approver", organ=finance, roles=("approver",)),
        "outsider": make_user("wp-outsider"),
    }


@pytest.fixture
def plan(city: Organ, people: dict[str, Any]) -> Plan:
    return plan_import(
        actor=people["office"], organ=city, year=2026, title="测试市2026年政务公开工作要点",
        text=PLAN_TEXT,
    )  # fmt: skip


@pytest.fixture
def point(plan: Plan) -> Point:
    return plan.points.get(title="做好财政预决算公开")


@pytest.fixture
def assign(point: Point, people: dict[str, Any]) -> Callable[..., Task]:
    def make(organ: Organ, *, parent: Task | None = None, actor: Any = None, **kw: Any) -> Task:
        fields = TaskFields(
            title=kw.pop("title", "公开本级预决算及部门预决算"),
            organ=organ,
            deadline=kw.pop("deadline", TODAY + timedelta(days=30)),
            **kw,
        )
        return task_assign(
            actor=actor or people["office"], point=point, fields=fields, parent=parent, on=TODAY
        )

    return make


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def make_round(city: Organ, people: dict[str, Any]) -> Callable[..., Any]:
    """A 督查 of the city's 公开办 over `organs`, with template lines, started unless told."""
    from gongkai.workplans.services.inspection import (
        RoundFields,
        checklist_from_template,
        round_create,
        round_start,
    )

    def make(*organs: Organ, start: bool = True, codes: tuple[str, ...] = ()) -> Any:
        fields = RoundFields(
            title="2026年政务公开工作督查", year=2026, scope="重点检查主动公开和依申请公开。",
            starts_on=TODAY, ends_on=TODAY + timedelta(days=20),
        )  # fmt: skip
        round_ = round_create(actor=people["office"], organ=city, fields=fields, organs=organs)
        checklist_from_template(
            actor=people["office"],
            round_=round_,
            codes=codes or ("catalog_complete", "annual_report_on_time"),
        )
        if start:
            round_start(actor=people["office"], round_=round_)
        round_.refresh_from_db()
        return round_

    return make
