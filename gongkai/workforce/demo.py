"""Demo of the staff, budget and training figures (issue 20 §4): every demo organ's figures for
the two years of the demo's annual reports, entered by the city's 公开办 through the service,
each with a source; one organ (the last in tree order) has not reported the later year, so the
back office and the report drafts show who is missing. Figures and sources are made up for the
demo by this code.

Call it before the annual reports are drafted (their overview states these figures), e.g. in
`gongkai/demo/generate.py`:

    build_workforce(organs=[d.organ for d in organs], office=office,
                    years=report_years(timezone.localdate()), rng=rng)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from gongkai.core.actors import Actor
from gongkai.orgs.models import Organ
from gongkai.workforce.services import FiguresInput, figures_save

SOURCES = {
    "fulltime_staff": "{year}年本机关内设机构和人员编制规定",
    "parttime_staff": "关于调整政府信息公开工作领导小组及工作人员分工的通知",
    "budget": "{year}年部门预算批复（政务公开专项）",
    "meetings": "政府信息公开工作会议纪要（{year}年）",
    "trainings": "关于举办{year}年政务公开业务培训班的通知",
    "trainees": "{year}年政务公开业务培训签到表",
}


def _figures(rng: random.Random, organ: Organ, year: int) -> FiguresInput:
    big = organ.kind == Organ.Kind.GOVERNMENT and organ.parent_id is None
    government = organ.kind == Organ.Kind.GOVERNMENT
    fulltime = rng.randint(3, 6) if big else rng.randint(1, 2) if government else rng.randint(0, 1)
    trainings = rng.randint(2, 5) if government else rng.randint(0, 2)
    values = FiguresInput(
        fulltime_staff=fulltime,
        parttime_staff=rng.randint(2, 12),
        budget=Decimal(rng.randint(0, 4000 if big else 800)) / Decimal(100),
        meetings=rng.randint(1, 6),
        trainings=trainings,
        trainees=trainings * rng.randint(15, 60),
    )
    sources = {
        key: template.format(year=year) for key, template in SOURCES.items() if values.value(key)
    }
    return FiguresInput(**{**values.__dict__, "sources": sources})


def build_workforce(
    *,
    organs: Sequence[Organ],
    office: Actor,
    years: Sequence[int],
    rng: random.Random,
    today: date | None = None,
) -> dict[str, int]:
    """Figures for every organ and year, but the last organ's for the last year (not reported)."""
    ordered = sorted(organs, key=lambda o: o.tree_key)
    last_year = max(years)
    made = 0
    for year in sorted(years):
        for organ in ordered:
            if year == last_year and organ == ordered[-1]:
                continue  # has not reported yet: shown as missing, never as 0
            figures_save(
                actor=office, organ=organ, year=year, values=_figures(rng, organ, year), today=today
            )
            made += 1
    return {"figures": made, "not_reported": 1}
