"""The figures on real records of every app, as of a fixed day; no records → MISSING, never 0."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from gongkai.assessment import figures
from gongkai.assessment.tests.conftest import AS_OF, YEAR, at
from gongkai.orgs.models import Organ

CTX = figures.Context(as_of=AS_OF)


def fig(key: str, organ: Organ, ctx: figures.Context = CTX) -> figures.FigureValue:
    return figures.compute(key, organ, YEAR, ctx)


# ---- the catalog -----------------------------------------------------------------------------


def test_proactive_timeliness_counts_art_26_working_days(
    organ: Organ, published_item: Callable[..., Any]
) -> None:
    on_time = published_item(title="按时公开的通知", formed=date(2025, 3, 3), on=date(2025, 3, 10))
    late = published_item(title="超期公开的通知", formed=date(2025, 1, 2), on=date(2025, 6, 2))
    published_item(title="上一年的通知", formed=date(2024, 5, 6), on=date(2024, 5, 8))
    found = fig("proactive.on_time_rate", organ)
    assert found.value == Decimal("0.5")
    assert "发布主动公开信息2条，1条在形成之日起20个工作日内公开" in found.explanation
    by_label = {r["label"]: r for r in found.records}
    assert by_label[on_time.title]["ok"] is True
    assert by_label[late.title]["ok"] is False
    assert by_label[late.title]["url"] == f"/office/items/{late.pk}/"
    assert fig("proactive.late_count", organ).value == 1


def test_no_items_is_missing_not_zero(organ: Organ) -> None:
    found = fig("proactive.on_time_rate", organ)
    assert found.value is None and found.missing and found.empty
    assert fig("proactive.late_count", organ).value is None


def test_interpretation_within_n_working_days(
    organ: Organ, published_item: Callable[..., Any]
) -> None:
    from gongkai.catalog.models import Column

    interp_column = Column.objects.get(organ=organ, code="interpretation")
    synced = published_item(
        title="同步解读的政策", kind="policy", formed=date(2025, 4, 1), on=date(2025, 4, 1)
    )
    published_item(
        title="政策解读", kind="interpretation", interprets=synced, column=interp_column,
        formed=date(2025, 4, 2), on=date(2025, 4, 3),
    )  # fmt: skip
    lonely = published_item(
        title="没有解读的政策", kind="policy", formed=date(2025, 5, 6), on=date(2025, 5, 6)
    )
    found = fig("interpretation.on_time_rate", organ)
    assert found.value == Decimal("0.5")
    notes = {r["label"]: r["note"] for r in found.records}
    assert "至今未发布解读" in notes[lonely.title]
    # N is the scheme's parameter: within 1 working day the 2-day-late one no longer counts.
    strict = figures.Context(as_of=AS_OF, params={"interpretation_days": 1})
    assert fig("interpretation.on_time_rate", organ, strict).value == Decimal(0)


# ---- 依申请公开 -------------------------------------------------------------------------------


def _application(organ: Organ, staff: dict[str, Any], submitted: date) -> Any:
    from gongkai.applications.services.intake import application_register

    data = {
        "applicant_type": "natural", "name": "李明", "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13812345678", "email": "liming@example.com",
        "address": "测试市人民路1号", "description": "本市就业补贴发放情况统计表",
        "info_form": "electronic", "delivery": "email",
    }  # fmt: skip
    return application_register(
        actor=staff["editor"], organ=organ, channel="in_person", submitted_on=submitted, data=data
    ).application


def _answer(app: Any, staff: dict[str, Any], on: date) -> Any:
    from gongkai.applications.models import AppStatus
    from gongkai.applications.services import signoff

    app = signoff.application_draft_answer(actor=staff["editor"], app=app, outcome="granted", on=on)
    if app.status == AppStatus.ANSWER_REVIEW:
        app = signoff.application_review_answer(actor=staff["reviewer"], app=app)
    return signoff.application_sign_answer(actor=staff["approver"], app=app, on=on)


def test_applications_on_time_and_corrected_rate(organ: Organ, staff: dict[str, Any]) -> None:
    from gongkai.applications.models import LegalChallenge

    answered = _answer(_application(organ, staff, date(2025, 3, 3)), staff, date(2025, 3, 10))
    waiting = _application(organ, staff, date(2025, 5, 6))
    found = fig("applications.on_time_rate", organ)
    assert found.value == Decimal("0.5")
    notes = {r["url"]: (r["ok"], r["note"]) for r in found.records}
    assert notes[f"/office/applications/{answered.pk}/"][0] is True
    assert notes[f"/office/applications/{waiting.pk}/"] == (
        False,
        notes[f"/office/applications/{waiting.pk}/"][1],
    )
    assert "逾期未答复" in notes[f"/office/applications/{waiting.pk}/"][1]

    assert fig("applications.corrected_rate", organ).value is None  # none decided: missing
    for result in (LegalChallenge.Result.CORRECTED, LegalChallenge.Result.UPHELD):
        LegalChallenge.objects.create(
            application=answered, kind=LegalChallenge.Kind.REVIEW, filed_on=date(2025, 4, 1),
            decided_on=date(2025, 6, 1), result=result,
        )  # fmt: skip
    LegalChallenge.objects.create(
        application=answered, kind=LegalChallenge.Kind.LITIGATION_DIRECT,
        filed_on=date(2025, 7, 1), result=LegalChallenge.Result.PENDING,
    )  # fmt: skip
    assert fig("applications.corrected_rate", organ).value == Decimal("0.5")


# ---- 年度报告 -------------------------------------------------------------------------------


def _report(organ: Organ, published: date | None) -> Any:
    from gongkai.reports.models import AnnualReport

    return AnnualReport.objects.create(
        organ=organ,
        year=YEAR - 1,
        status=AnnualReport.Status.PUBLISHED if published else AnnualReport.Status.DRAFT,
        published_at=at(published) if published else None,
    )


@pytest.mark.parametrize(
    ("published", "as_of", "expected"),
    [
        (date(2025, 1, 20), AS_OF, Decimal(1)),  # by 31 January (a department, Art. 49)
        (date(2025, 2, 10), AS_OF, Decimal(0)),  # late
        (None, AS_OF, Decimal(0)),  # deadline passed, never published
        (None, date(2025, 1, 15), None),  # deadline still ahead: missing, not 0
    ],
)
def test_annual_report_on_time(
    organ: Organ, published: date | None, as_of: date, expected: Decimal | None
) -> None:
    _report(organ, published)
    assert fig("report.on_time", organ, figures.Context(as_of=as_of)).value == expected


def test_a_scheme_may_read_the_report_on_the_year_itself(organ: Organ) -> None:
    from gongkai.reports.models import AnnualReport

    AnnualReport.objects.create(
        organ=organ,
        year=YEAR,
        status=AnnualReport.Status.PUBLISHED,
        published_at=at(date(2026, 1, 20)),
    )
    same = figures.Context(as_of=AS_OF, params={"report_year_offset": 0})
    assert fig("report.on_time", organ, same).value == 1
    assert fig("report.on_time", organ).value == 0  # the default reads 2024's: never published


def test_annual_report_findings_read_the_published_report(organ: Organ) -> None:
    assert fig("report.findings", organ).value is None
    report = _report(organ, date(2025, 1, 20))
    found = fig("report.findings", organ)
    assert found.value is not None and found.value >= 0
    assert all(r["url"] == f"/office/reports/{report.pk}/" for r in found.records)


# ---- 网站监管 -------------------------------------------------------------------------------


def test_website_score_and_vetoes_from_the_last_run_of_the_year(organ: Organ) -> None:
    from gongkai.monitor.models import Run, Site

    assert fig("monitor.score", organ).value is None
    assert fig("monitor.vetoes", organ).value is None
    site = Site.objects.create(
        organ=organ,
        name="测试人社局网站",
        base_url="https://rsj.example.gov.cn/",
        kind="department",
    )
    for day, score, vetoes in (
        (date(2025, 6, 1), "95.0", []),
        (date(2025, 11, 1), "72.5", ["首页不可访问"]),
    ):
        Run.objects.create(
            site=site,
            trigger="manual",
            started_at=at(day),
            finished_at=at(day) + timedelta(minutes=5),
            score=Decimal(score),
            single_veto=vetoes,
            verdict="fail" if vetoes else "pass",
        )
    assert fig("monitor.score", organ).value == Decimal("72.5")
    found = fig("monitor.vetoes", organ)
    assert found.value == 1 and found.records[0]["label"] == "首页不可访问"


# ---- 政务信箱 ---------------------------------------------------------------------------------


def test_mailbox_answer_rate_days_and_three_month_backlog(organ: Organ) -> None:
    from gongkai.mailbox.models import Channel, Letter, Status
    from gongkai.mailbox.services.intake import LetterInput, letter_receive

    assert fig("mailbox.answer_rate", organ).value is None
    channel, _ = Channel.objects.get_or_create(
        organ=organ, kind="department", defaults={"name": "局长信箱", "types": ["complaint"]}
    )
    data = LetterInput(
        letter_type="complaint",
        title="小区道路积水",
        body="请尽快处理。",
        name="王芳",
        phone="13912345678",
    )
    answered = letter_receive(channel=channel, data=data, now=at(date(2025, 2, 3))).letter
    waiting = letter_receive(channel=channel, data=data, now=at(date(2025, 3, 3))).letter
    Letter.objects.filter(pk=answered.pk).update(
        status=Status.ANSWERED, replied_on=date(2025, 2, 8), due_date=date(2025, 2, 20)
    )
    Letter.objects.filter(pk=waiting.pk).update(
        status=Status.PROCESSING, due_date=date(2025, 3, 20)
    )
    assert fig("mailbox.answer_rate", organ).value == Decimal("0.5")
    assert fig("mailbox.average_days", organ).value == Decimal(5)
    backlog = fig("mailbox.backlog_3m", organ)
    assert backlog.value == 1
    assert backlog.records[0]["url"] == f"/office/mailbox/{waiting.pk}/"


# ---- 工作要点 ---------------------------------------------------------------------------------


PLAN = """测试市2025年政务公开工作要点
一、深化重点领域公开
（一）做好就业创业领域公开
集中公开就业补贴政策。（市人社局）
（二）做好保障性住房公开
公开保障性住房分配信息。（市住建局）
"""


def test_workplan_tasks_done_ratio(
    city: Organ, organ: Organ, office: Any, staff: dict[str, Any]
) -> None:
    from gongkai.workplans.services.plans import plan_import
    from gongkai.workplans.services.tasks import TaskFields, task_accept, task_assign, task_report

    assert fig("workplans.done_rate", organ).value is None
    plan = plan_import(
        actor=office, organ=city, year=YEAR, title="测试市2025年政务公开工作要点", text=PLAN
    )
    point = plan.points.get(title="做好就业创业领域公开")
    start = date(2025, 3, 1)
    done = task_assign(
        actor=office, point=point, on=start,
        fields=TaskFields(title="公开就业补贴政策", organ=organ, deadline=date(2025, 6, 30)),
    )  # fmt: skip
    task_assign(
        actor=office, point=point, on=start,
        fields=TaskFields(title="公开补贴发放结果", organ=organ, deadline=date(2025, 9, 30)),
    )  # fmt: skip
    task_report(
        actor=staff["editor"], task=done, text="已在门户网站公开就业补贴政策。", on=date(2025, 5, 1)
    )
    task_accept(actor=office, task=done, on=date(2025, 5, 2))
    found = fig("workplans.done_rate", organ)
    assert found.value == Decimal("0.5")
    assert {r["label"] for r in found.records} == {"公开就业补贴政策", "公开补贴发放结果"}
    assert fig("workplans.overdue", organ).value == 1


def test_an_unknown_figure_is_missing() -> None:
    found = figures.compute("nobody.knows", Organ(name="x"), YEAR, CTX)
    assert found.value is None and "不存在" in found.explanation


def test_show_says_missing_never_zero() -> None:
    assert figures.show(None, "rate") == "缺数据"
    assert figures.show(Decimal("0.875"), "rate") == "87.5%"
