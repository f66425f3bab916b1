"""The demo city's assessment of last year, computed and published (issue 20 §6).

Built only through the services, as the city's 公开办 would: the scheme from the default
template over the organs directly below the city, the figures computed from the demo's own
records (published items, applications, letters, the monitored portal, annual reports, tasks),
the manual indicator scored with its evidence, the figures the platform lacks for last year
(a department without a monitored site, a year before the platform's work plans) entered with
the source they come from, one adjustment with its reason, then review and publication.

Call it last in `gongkai.demo.generate`, after every app whose records it reads:

    from gongkai.assessment.demo import build_assessment
    counts.update({f"assessment.{k}": n for k, n in build_assessment(rng=rng).items()})
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.assessment import figures, formula
from gongkai.assessment.models import Kind, Result, Scheme
from gongkai.assessment.services import (
    adjustment_add,
    assessment_compute,
    load_template,
    result_enter,
    scheme_create,
    scheme_publish,
    scheme_submit,
)
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import users_with_role
from gongkai.reports.deadlines import report_year_in_preparation

#: Where a 公开办 finds a figure the platform does not hold (by the figure's kind).
SOURCES = {
    "monitor": "省政府办公厅政府网站抽查情况通报",
    "report": "年度报告发布情况检查记录",
    "workplans": "上年度工作要点落实情况书面报告",
    "mailbox": "12345热线转办留言办理台账",
    "applications": "依申请公开登记台账（纸质）",
    "proactive": "门户网站信息发布台账",
    "interpretation": "政策解读发布台账",
}


def _city() -> Organ | None:
    return (
        Organ.objects.filter(parent__isnull=True, kind=Organ.Kind.GOVERNMENT)
        .order_by("tree_key")
        .first()
    )


def _value(unit: str, rng: random.Random) -> Decimal:
    """A plausible value of a figure kept outside the platform."""
    if unit == "rate":
        return Decimal(rng.randint(85, 100)) / 100
    if unit == "points":
        return Decimal(rng.randint(82, 97))
    if unit == "days":
        return Decimal(rng.randint(3, 9))
    if unit == "flag":
        return Decimal(1)
    return Decimal(rng.choice([0, 0, 0, 1]))


def _fill(result: Result, office: Any, rng: random.Random) -> None:
    ind = result.indicator
    if ind.kind == Kind.MANUAL:
        score = Decimal(rng.randint(int(ind.max_points * 6 / 10), int(ind.max_points)))
        evidence = "培训通知、签到表及现场照片；政府信息公开宣传周活动方案"
        result_enter(actor=office, result=result, value=score, evidence=evidence)
        return
    names = formula.names(ind.formula)
    key = names[0] if names else ""
    unit = figures.REGISTRY[key].unit if key in figures.REGISTRY else "count"
    value = _value(unit, rng)
    if ind.formula.strip().endswith("/ 100"):
        value = _value("points", rng)
    source = SOURCES.get(key.split(".")[0], "书面材料")
    result_enter(
        actor=office, result=result, value=value, evidence=f"{source}（{result.organ.name}）"
    )


def build_assessment(
    *, rng: random.Random | None = None, today: date | None = None
) -> dict[str, int]:
    """Last year's assessment of the demo city, computed and published; counts of what was made."""
    rng = rng or random.Random(2020)  # noqa: S311 - demo data, not security
    today = today or timezone.localdate()
    city = _city()
    if city is None:
        return {}
    office = users_with_role(city, {Role.ORGAN_ADMIN}, inherited=False).first()
    year = today.year - 1
    if office is None or Scheme.objects.filter(organ=city, year=year).exists():
        return {}
    template = load_template()
    # The demo's published annual report is the last one due (`demo.reports.report_years`):
    # the scheme reads that one, whichever side of Art. 49's deadline today falls.
    published_report = report_year_in_preparation(today) - 1
    if published_report - year in (-1, 0):
        template["params"] = {
            **template.get("params", {}),
            "report_year_offset": published_report - year,
        }
    scheme = scheme_create(actor=office, organ=city, year=year, template=template)
    results = assessment_compute(actor=office, scheme=scheme, today=today)
    computed = sum(r.score is not None for r in results)
    entered = 0
    for result in results:
        if result.score is None:
            _fill(result, office, rng)
            entered += 1
    worst = (
        Result.objects.filter(scheme=scheme, indicator__code="E1", score__gte=1)
        .order_by("score", "organ__tree_key")
        .first()
    )
    if worst is not None:
        adjustment_add(
            actor=office,
            result=worst,
            delta=Decimal(-1),
            reason="留言办理被市委督查室通报一次（督查通报第3期），按考核办法扣1分。",
        )
    scheme_submit(actor=office, scheme=scheme)
    scheme_publish(actor=office, scheme=scheme)
    return {
        "schemes": 1,
        "organs": scheme.organs.count(),
        "computed": computed,
        "entered": entered,
    }
