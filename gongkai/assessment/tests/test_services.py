"""The assessment services: the scheme from the template, computing (missing → 待补, never 0),
manual figures with evidence, adjustments only with a reason, review → publish, and a scheme
changed after publication (a new version; the published results stay as they were)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import selectors, services
from gongkai.assessment.audit import AssessmentAudit
from gongkai.assessment.models import Adjustment, Kind, Result, Scheme, Status
from gongkai.assessment.tests.conftest import AS_OF, YEAR
from gongkai.core.fsm import InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ


def compute(scheme: Scheme, office: Any) -> list[Result]:
    return services.assessment_compute(actor=office, scheme=scheme, today=AS_OF)


def result(scheme: Scheme, organ: Organ, code: str) -> Result:
    return Result.objects.get(scheme=scheme, organ=organ, indicator__code=code)


def fill_pending(scheme: Scheme, office: Any) -> None:
    for r in Result.objects.filter(scheme=scheme, score__isnull=True):
        value = Decimal(3) if r.indicator.kind == Kind.MANUAL else Decimal(0)
        services.result_enter(actor=office, result=r, value=value, evidence="年度检查记录表")


def test_scheme_from_the_template(scheme: Scheme, organ: Organ, housing: Organ) -> None:
    assert scheme.status == Status.DRAFT and scheme.version == 1
    assert scheme.title == "2025年度政务公开工作考核"
    assert set(scheme.organs.all()) == {organ, housing}
    codes = list(scheme.indicators.values_list("code", flat=True))
    assert codes[:2] == ["A1", "A2"] and "G1" in codes
    assert scheme.params["interpretation_days"] == 3
    total = sum(i.max_points for i in scheme.indicators.all())
    assert total == Decimal(100)


def test_only_the_office_creates_and_computes(
    city: Organ, outsider: Any, scheme: Scheme, make_user: Callable[..., Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services.scheme_create(actor=outsider, organ=city, year=YEAR + 1)
    with pytest.raises(PermissionDenied):
        services.assessment_compute(actor=outsider, scheme=scheme, today=AS_OF)
    with pytest.raises(ValidationError, match="已经存在"):
        services.scheme_create(
            actor=make_user("boss", organ=city, roles=("organ_admin",)), organ=city, year=YEAR
        )


def test_bad_template_refused(city: Organ, organ: Organ, office: Any) -> None:
    bad = {
        "indicators": [
            {
                "code": "X1",
                "name": "坏公式",
                "points": 5,
                "formula": "__import__('os')",
                "rule": "ratio",
            }
        ]
    }
    with pytest.raises(ValidationError, match="不允许"):
        services.scheme_create(actor=office, organ=city, year=2024, template=bad)
    assert not Scheme.objects.filter(year=2024).exists()


def test_compute_without_records_shows_missing_never_zero(
    scheme: Scheme, office: Any, organ: Organ
) -> None:
    compute(scheme, office)
    card = selectors.scorecard(scheme)
    row = next(r for r in card.rows if r.organ == organ)
    cells = {c.indicator.code: c for c in row.cells}
    # No monitored site: the website score is missing — 待补, not 0.
    assert cells["D1"].result is not None and cells["D1"].result.score is None
    assert cells["D1"].score_text == "待补" and cells["D1"].value_text == "缺数据"
    assert "缺数据" in cells["D1"].result.explanation
    # No applications at all: the scheme scores that in full (on_empty: full), and says why.
    assert cells["B1"].final == Decimal(15) and cells["B1"].value_text == "无此类事项"
    # No tasks: missing (on_empty not set for F1).
    assert cells["F1"].final is None
    assert row.total is None and row.total_text == "待补"
    scheme.refresh_from_db()
    assert scheme.as_of == AS_OF and scheme.computed_at is not None
    assert AuditEvent.objects.filter(action=AssessmentAudit.COMPUTE.value).count() == 1


def test_a_formula_referencing_a_missing_figure_is_missing(
    scheme: Scheme, office: Any, organ: Organ
) -> None:
    fields = services.IndicatorFields(
        code="X1",
        name="错字的公式",
        max_points=Decimal(5),
        formula="mailbox.answer_rate + nobody.knows",
        rule="ratio",
    )
    services.indicator_save(actor=office, scheme=scheme, fields=fields)
    compute(scheme, office)
    r = result(scheme, organ, "X1")
    assert r.value is None and r.score is None
    assert "nobody.knows" in r.explanation and "不存在" in r.explanation


def test_manual_figures_need_evidence(scheme: Scheme, office: Any, organ: Organ) -> None:
    compute(scheme, office)
    manual = result(scheme, organ, "G1")
    assert manual.score is None
    with pytest.raises(ValidationError, match="佐证材料"):
        services.result_enter(actor=office, result=manual, value=Decimal(4), evidence="  ")
    with pytest.raises(ValidationError, match="0至5分"):
        services.result_enter(actor=office, result=manual, value=Decimal(6), evidence="培训通知")
    services.result_enter(
        actor=office,
        result=manual,
        value=Decimal(4),
        evidence="培训通知及签到表",
        link="https://example.gov.cn/t",
    )
    manual.refresh_from_db()
    assert manual.score == Decimal(4) and manual.evidence == "培训通知及签到表"
    # A figure entered by hand for an automatic indicator is scored by its rule and survives
    # recomputing while the platform still has no such records.
    website = result(scheme, organ, "D1")
    services.result_enter(
        actor=office, result=website, value=Decimal("0.8"), evidence="省级检查通报"
    )
    compute(scheme, office)
    website.refresh_from_db()
    assert website.score == Decimal(8) and website.evidence == "省级检查通报"


def test_adjustment_without_reason_refused(scheme: Scheme, office: Any, organ: Organ) -> None:
    compute(scheme, office)
    r = result(scheme, organ, "B1")
    for reason in ("", "   ", "扣分"):
        with pytest.raises(ValidationError, match="调整理由"):
            services.adjustment_add(actor=office, result=r, delta=Decimal(-2), reason=reason)
    with pytest.raises(ValidationError, match="不能超过"):
        services.adjustment_add(
            actor=office, result=r, delta=Decimal(-20), reason="被省级通报批评一次"
        )
    assert not Adjustment.objects.exists()
    services.adjustment_add(actor=office, result=r, delta=Decimal(-2), reason="被省级通报批评一次")
    cell = next(c for c in selectors.organ_card(scheme, organ.pk).cells if c.indicator.code == "B1")
    assert cell.final == Decimal(13)
    event = AuditEvent.objects.get(action=AssessmentAudit.ADJUST.value)
    assert event.comment == "被省级通报批评一次" and event.data["delta"] == "-2"


def test_review_and_publish(scheme: Scheme, office: Any) -> None:
    with pytest.raises(InvalidTransition, match="尚未计算"):
        services.scheme_submit(actor=office, scheme=scheme)
    compute(scheme, office)
    scheme = services.scheme_submit(actor=office, scheme=scheme)
    with pytest.raises(ValidationError, match="不能重新计算"):
        compute(scheme, office)
    with pytest.raises(ValidationError, match="待补"):
        services.scheme_publish(actor=office, scheme=scheme)
    with pytest.raises(ValidationError, match="退回意见"):
        services.scheme_return(actor=office, scheme=scheme, comment="")
    scheme = services.scheme_return(actor=office, scheme=scheme, comment="请补录缺数据的项目")
    fill_pending(scheme, office)
    scheme = services.scheme_submit(actor=office, scheme=scheme)
    scheme = services.scheme_publish(actor=office, scheme=scheme)
    assert scheme.status == Status.PUBLISHED and scheme.published_at is not None
    assert selectors.published_scheme(scheme.pk) == scheme
    first = Result.objects.filter(scheme=scheme).first()
    assert first is not None
    with pytest.raises(ValidationError, match="不能再修改"):
        services.adjustment_add(actor=office, result=first, delta=Decimal(1), reason="发布后再加分")


def test_the_assessed_department_cannot_publish(scheme: Scheme, office: Any, outsider: Any) -> None:
    compute(scheme, office)
    fill_pending(scheme, office)
    services.scheme_submit(actor=office, scheme=scheme)
    with pytest.raises(PermissionDenied):
        services.scheme_publish(actor=outsider, scheme=scheme)


def test_changing_a_published_scheme_makes_a_new_version(
    scheme: Scheme, office: Any, organ: Organ
) -> None:
    compute(scheme, office)
    fill_pending(scheme, office)
    services.scheme_submit(actor=office, scheme=scheme)
    scheme = services.scheme_publish(actor=office, scheme=scheme)
    before = {
        (r.organ_id, r.indicator.code): r.score for r in scheme.results.select_related("indicator")
    }
    a1 = scheme.indicators.get(code="A1")

    fields = services.IndicatorFields(
        code="A1", name=a1.name, max_points=Decimal(20), formula=a1.formula, rule="ratio"
    )
    changed = services.indicator_save(actor=office, scheme=scheme, fields=fields)
    new = changed.scheme
    assert new.pk != scheme.pk and new.version == 2 and new.parent_id == scheme.pk
    assert new.status == Status.DRAFT
    assert new.indicators.get(code="A1").max_points == Decimal(20)
    # The published version and its results are as they were.
    scheme.refresh_from_db()
    assert scheme.status == Status.PUBLISHED
    assert scheme.indicators.get(code="A1").max_points == Decimal(15)
    after = {
        (r.organ_id, r.indicator.code): r.score for r in scheme.results.select_related("indicator")
    }
    assert after == before
    # A second change goes into the same draft version, not a third.
    again = services.indicator_save(actor=office, scheme=scheme, fields=fields)
    assert again.scheme_id == new.pk
    # Publishing version 2 supersedes version 1, whose results still stand.
    compute(new, office)
    fill_pending(new, office)
    services.scheme_submit(actor=office, scheme=new)
    services.scheme_publish(actor=office, scheme=new)
    scheme.refresh_from_db()
    assert scheme.status == Status.SUPERSEDED
    assert scheme.results.count() == len(before)


def test_compute_reads_the_department_records(
    scheme: Scheme, office: Any, organ: Organ, published_item: Callable[..., Any]
) -> None:
    published_item(title="按时公开的通知", formed=date(2025, 3, 3), on=date(2025, 3, 10))
    published_item(title="超期公开的通知", formed=date(2025, 1, 2), on=date(2025, 6, 2))
    compute(scheme, office)
    a1 = result(scheme, organ, "A1")
    # 50% on time is below the 80% zero point of A1: 0 points, a real zero from real records.
    assert a1.value == Decimal("0.5") and a1.score == Decimal(0)
    assert len(a1.records) == 2
