"""Reads of the assessment: the schemes a 公开办 holds, the scorecard (organs × indicators with
totals), one organ's card, one result with the records behind it, and published assessments."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from gongkai.assessment import figures, formula, scoring
from gongkai.assessment.models import Adjustment, Indicator, Kind, Result, Scheme, Status
from gongkai.core.actors import Actor
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organ_q, role_map, roles_for

READERS = {Role.ORGAN_ADMIN.value, Role.GIO_HEAD.value}


def schemes_for(user: Actor) -> QuerySet[Scheme]:
    """Schemes of the organs whose 公开办 the user is (a 公开办 above sees those below)."""
    return Scheme.objects.filter(organ_q(user, role_map(user), *READERS)).select_related("organ")


def scheme_for(user: Actor, pk: int) -> Scheme:
    """The scheme for its 公开办 (and those above); 404 for anyone else."""
    scheme = Scheme.objects.select_related("organ", "parent").filter(pk=pk).first()
    if scheme is None or not roles_for(user, scheme.organ) & READERS:
        raise Http404("没有这个考核方案。")
    return scheme


def result_for(user: Actor, pk: int) -> Result:
    result = (
        Result.objects.select_related("scheme__organ", "indicator", "organ", "entered_by")
        .filter(pk=pk)
        .first()
    )
    if result is None or not roles_for(user, result.scheme.organ) & READERS:
        raise Http404("没有这项考核结果。")
    return result


def published_schemes() -> QuerySet[Scheme]:
    return Scheme.objects.filter(status=Status.PUBLISHED).select_related("organ")


def published_scheme(pk: int) -> Scheme:
    scheme = published_schemes().filter(pk=pk).first()
    if scheme is None:
        raise Http404("没有这份考核结果。")
    return scheme


def versions(scheme: Scheme) -> list[Scheme]:
    return list(Scheme.objects.filter(organ=scheme.organ, year=scheme.year).order_by("version"))


# ---- the scorecard ---------------------------------------------------------------------------


def unit_of(indicator: Indicator) -> str:
    """How an indicator's value reads: its single figure's unit, else a plain number."""
    if indicator.kind == Kind.MANUAL:
        return "points"
    try:
        names = formula.names(indicator.formula)
    except ValidationError:  # a formula saved before a stricter parser
        return "number"
    if len(names) == 1 and names[0] in figures.REGISTRY and indicator.formula.strip() == names[0]:
        return figures.REGISTRY[names[0]].unit
    return "number"


def rule_text(indicator: Indicator) -> str:
    if indicator.kind == Kind.MANUAL:
        return "人工评分（须附佐证材料）"
    return scoring.describe(indicator.rule, indicator.max_points, indicator.params)


@dataclass
class Cell:
    result: Result | None
    indicator: Indicator
    adjust: Decimal = Decimal(0)

    @property
    def final(self) -> Decimal | None:
        if self.result is None or self.result.score is None:
            return None
        return self.result.score + self.adjust

    @property
    def value_text(self) -> str:
        if self.result is None:
            return "未计算"
        if self.result.value is None and self.result.score is not None:
            return "无此类事项"
        return figures.show(self.result.value, unit_of(self.indicator))

    @property
    def score_text(self) -> str:
        final = self.final
        return "待补" if final is None else f"{final.normalize():f}"


@dataclass
class Row:
    organ: Organ
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        finals = [c.final for c in self.cells]
        if any(f is None for f in finals):
            return None
        return sum((f for f in finals if f is not None), Decimal(0))

    @property
    def total_text(self) -> str:
        total = self.total
        return "待补" if total is None else f"{total.normalize():f}"

    @property
    def pending(self) -> int:
        return sum(c.final is None for c in self.cells)


@dataclass
class Card:
    scheme: Scheme
    indicators: list[Indicator]
    rows: list[Row]

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))

    @property
    def pending(self) -> int:
        return sum(r.pending for r in self.rows)


def scorecard(scheme: Scheme, *, organs: list[Organ] | None = None) -> Card:
    """Organs × indicators, each cell the result with its adjustments, ranked by total."""
    indicators = list(scheme.indicators.order_by("order", "pk"))
    organs = organs if organs is not None else list(scheme.organs.order_by("tree_key"))
    results = {
        (r.organ_id, r.indicator_id): r
        for r in Result.objects.filter(scheme=scheme).select_related("indicator")
    }
    adjust: dict[int, Decimal] = {}
    for adj in Adjustment.objects.filter(result__scheme=scheme):
        adjust[adj.result_id] = adjust.get(adj.result_id, Decimal(0)) + adj.delta
    rows = []
    for organ in organs:
        row = Row(organ=organ)
        for ind in indicators:
            result = results.get((organ.pk, ind.pk))
            delta = adjust.get(result.pk, Decimal(0)) if result else Decimal(0)
            row.cells.append(Cell(result=result, indicator=ind, adjust=delta))
        rows.append(row)
    rows.sort(key=lambda r: (r.total is None, -(r.total or 0), r.organ.tree_key))
    return Card(scheme=scheme, indicators=indicators, rows=rows)


def organ_card(scheme: Scheme, organ_pk: int) -> Row:
    organ = scheme.organs.filter(pk=organ_pk).first()
    if organ is None:
        raise Http404("该机关不是本方案的考核对象。")
    return scorecard(scheme, organs=[organ]).rows[0]


def adjustments(result: Result) -> list[Adjustment]:
    return list(result.adjustments.select_related("made_by"))


def records(result: Result) -> list[dict[str, Any]]:
    """The records behind the figure, as frozen with the result."""
    return [r for r in result.records or [] if isinstance(r, dict)]
