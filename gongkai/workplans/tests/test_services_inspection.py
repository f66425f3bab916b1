"""督查 rounds: planning (organs in the organiser's subtree only), the checklist from the tasks
and from the template, the results matrix (all or nothing), starting and concluding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.inbox.models import Notice
from gongkai.orgs.models import Organ
from gongkai.workplans.checklist import template_lines
from gongkai.workplans.models import ChecklistLine, InspectionRound, Result, RoundStatus, Task
from gongkai.workplans.services.inspection import (
    ResultInput,
    RoundFields,
    check_evidence_link,
    checklist_add,
    checklist_from_tasks,
    checklist_from_template,
    checklist_remove,
    results_record,
    round_conclude,
    round_create,
    round_set_organs,
    round_start,
)
from gongkai.workplans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _fields(**kw: Any) -> RoundFields:
    base = {"title": "上半年督查", "year": 2026, "starts_on": TODAY,
            "ends_on": TODAY + timedelta(days=10)}  # fmt: skip
    return RoundFields(**{**base, **kw})


def test_the_template_has_a_basis_for_every_line() -> None:
    lines = template_lines()
    codes = {x.code for x in lines}
    wanted = {"catalog_complete", "annual_report_on_time", "requests_on_time",
              "interpretation_sync", "site_columns_updated", "interaction_answered"}  # fmt: skip
    assert wanted <= codes
    assert all(x.text and x.basis.startswith("《") for x in lines)


def test_plan_a_round(
    city: Organ, finance: Organ, county_dept: Organ, people: dict[str, Any]
) -> None:
    round_ = round_create(
        actor=people["office"], organ=city, fields=_fields(), organs=[finance, county_dept]
    )
    assert round_.status == RoundStatus.PLANNED
    assert {ro.organ for ro in round_.organs.all()} == {finance, county_dept}
    event = AuditEvent.objects.get(action="work_round.plan")
    assert event.data["organs"] == ["测试市财政局", "东湖县财政局"]


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("elsewhere", "“另一市人民政府”不在测试市人民政府的管辖范围内，不能列为督查对象"),
        ("city", "不能督查本机关"),
    ],
)
def test_an_organ_outside_the_subtree_is_refused(
    which: str, message: str, city: Organ, finance: Organ, elsewhere: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    organ = {"elsewhere": elsewhere, "city": city}[which]
    with pytest.raises(ValidationError, match=message):
        round_create(actor=people["office"], organ=city, fields=_fields(), organs=[finance, organ])
    assert not InspectionRound.objects.exists()


def test_a_county_office_cannot_inspect_the_city_departments(
    county: Organ, finance: Organ, county_dept: Organ, people: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match="不在测试市东湖县人民政府的管辖范围内"):
        round_create(
            actor=people["county_office"], organ=county, fields=_fields(), organs=[finance]
        )
    round_ = round_create(
        actor=people["county_office"], organ=county, fields=_fields(), organs=[county_dept]
    )
    assert round_.organ == county


@pytest.mark.parametrize(
    ("fields", "organs", "message"),
    [
        ({"title": " "}, True, "请填写督查名称"),
        ({"ends_on": TODAY - timedelta(days=1)}, True, "结束日期不能早于开始日期"),
        ({"starts_on": None}, True, "请填写督查的开始日期和结束日期"),
        ({}, False, "请至少选择一个被督查机关"),
    ],
)
def test_bad_rounds_are_refused(
    fields: dict[str, Any], organs: bool, message: str, city: Organ, finance: Organ,
    people: dict[str, Any],
) -> None:  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        round_create(actor=people["office"], organ=city, fields=_fields(**fields),
                     organs=[finance] if organs else [])  # fmt: skip
    assert not InspectionRound.objects.exists()


def test_only_the_office_plans(city: Organ, finance: Organ, people: dict[str, Any]) -> None:
    for who in ("finance", "finance_admin", "outsider"):
        with pytest.raises(PermissionDenied, match="只有组织督查的公开办管理员"):
            round_create(actor=people[who], organ=city, fields=_fields(), organs=[finance])


def test_checklist_from_tasks_and_template(
    city: Organ, finance: Organ, housing: Organ, assign: Callable[..., Task],
    people: dict[str, Any],
) -> None:  # fmt: skip
    round_ = round_create(actor=people["office"], organ=city, fields=_fields(), organs=[finance])
    with pytest.raises(ValidationError, match="没有承担任务"):
        checklist_from_tasks(actor=people["office"], round_=round_)
    task = assign(finance)
    assign(housing, title="住建局的任务")  # not inspected: its point is the same, counted once
    assert checklist_from_tasks(actor=people["office"], round_=round_) == 1
    assert checklist_from_tasks(actor=people["office"], round_=round_) == 0  # not twice
    line = round_.lines.get()
    assert line.point == task.point and line.text == "做好财政预决算公开"
    assert line.basis == "《测试市2026年政务公开工作要点》（二）"
    added = checklist_from_template(
        actor=people["office"], round_=round_, codes=["catalog_complete", "requests_on_time"]
    )
    assert added == 2
    with pytest.raises(ValidationError, match="督查要点模板中没有“nope”"):
        checklist_from_template(actor=people["office"], round_=round_, codes=["nope"])
    custom = checklist_add(actor=people["office"], round_=round_, text="政务新媒体账号备案")
    assert [x.source for x in round_.lines.order_by("order")] == [
        "task", "template", "template", "custom"
    ]  # fmt: skip
    checklist_remove(actor=people["office"], round_=round_, line=custom)
    round_set_organs(actor=people["office"], round_=round_, organs=[finance, housing])
    assert round_.organs.count() == 2
    round_start(actor=people["office"], round_=round_)
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="督查已经开始"):
        checklist_remove(actor=people["office"], round_=round_, line=round_.lines.all()[0])
    with pytest.raises(ValidationError, match="督查已经开始"):
        round_set_organs(actor=people["office"], round_=round_, organs=[finance])


def test_a_round_starts_with_organs_and_a_checklist(
    city: Organ, finance: Organ, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    round_ = round_create(actor=people["office"], organ=city, fields=_fields(), organs=[finance])
    with pytest.raises(InvalidTransition, match="请先编制督查清单"):
        round_start(actor=people["office"], round_=round_)
    with pytest.raises(PermissionDenied):
        round_start(actor=people["finance"], round_=round_)
    checklist_add(actor=people["office"], round_=round_, text="公开目录完整")
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=people["office"], round_=round_)
    notice = Notice.objects.get(recipient=people["finance"])
    assert "开展督查" in notice.title and notice.kind == "info"


def test_results_all_or_nothing_then_conclude(
    make_round: Callable[..., InspectionRound], finance: Organ, housing: Organ,
    elsewhere: Organ, people: dict[str, Any],
) -> None:  # fmt: skip
    round_ = make_round(finance, housing)
    first, second = list(round_.lines.order_by("order"))
    office = people["office"]
    cells = [
        ResultInput(finance, first, "conform"),
        ResultInput(finance, second, "fail", note=""),  # 不符合 without a note
        ResultInput(housing, first, "conform", evidence_link="javascript:alert(1)"),
    ]
    with pytest.raises(ValidationError) as refused:
        results_record(actor=office, round_=round_, cells=cells)
    text = "；".join(refused.value.messages)
    assert "请填写说明（存在的问题）" in text and "不是有效的链接" in text
    assert not Result.objects.exists()  # nothing half-written
    outside = [ResultInput(elsewhere, first, "conform")]
    with pytest.raises(ValidationError, match="不属于本次督查"):
        results_record(actor=office, round_=round_, cells=outside)
    with pytest.raises(ValidationError, match="尚未公开发布"):
        unpublished = ResultInput(finance, first, "conform", evidence_link="/item/98765/")
        results_record(actor=office, round_=round_, cells=[unpublished])
    good = [
        ResultInput(finance, first, "conform", evidence_link="https://example.gov.cn/ml/"),
        ResultInput(finance, second, "fail", note="2025年度报告逾期公布"),
        ResultInput(housing, first, "mostly", note="部分目录未更新"),
        ResultInput(housing, second, ""),  # left empty
    ]
    assert results_record(actor=office, round_=round_, cells=good) == 3
    assert results_record(actor=office, round_=round_, cells=good) == 0  # unchanged
    with pytest.raises(PermissionDenied):
        results_record(actor=people["finance"], round_=round_, cells=good)
    with pytest.raises(InvalidTransition, match="还有 1 项督查结果未填写"):
        round_conclude(actor=office, round_=round_)
    results_record(actor=office, round_=round_, cells=[ResultInput(housing, second, "na")])
    round_conclude(actor=office, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CONCLUDED
    with pytest.raises(ValidationError, match="督查进行中才能填写督查结果"):
        results_record(actor=office, round_=round_, cells=good)
    with pytest.raises(ValidationError, match="督查已结束"):
        checklist_add(actor=office, round_=round_, text="再加一项")
    assert ChecklistLine.objects.filter(round=round_).count() == 2
    assert AuditEvent.objects.filter(action="work_round.results").count() == 2


@pytest.mark.parametrize(
    ("link", "ok"),
    [("", True), ("https://www.example.gov.cn/a", True), ("/columns/3/", True),
     ("ftp://x", False), ("随便写写", False), ("http://a b", False)],
)  # fmt: skip
def test_evidence_links(link: str, ok: bool) -> None:
    if ok:
        assert check_evidence_link(link) == link
    else:
        with pytest.raises(ValidationError, match="不是有效的链接"):
            check_evidence_link(link)
