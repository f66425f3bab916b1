"""Reads of the workforce figures: one organ's, a subtree's totals (who reported, who did not),
the back office's organs, and the figures the annual report narrative states.

Missing is not zero: an organ without a row has not reported, and is listed as such; totals are
the sum over the organs that did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import FilteredRelation, Q

from gongkai.core.actors import Actor
from gongkai.orgs.models import TREE_KEY_WIDTH, Organ
from gongkai.orgs.permissions import organs_for, role_map
from gongkai.workforce.models import FIGURES, Figure, WorkforceFigures
from gongkai.workforce.services import ENTRANTS

Value = int | Decimal


@dataclass(frozen=True)
class OrganFigures:
    """One organ's line: its figures, or None when it has not reported."""

    organ_id: int
    name: str
    depth: int
    figures_id: int | None
    values: dict[str, Value] | None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def reported(self) -> bool:
        return self.values is not None


@dataclass(frozen=True)
class Totals:
    """Sums over the organs that reported, and who did not (`missing`)."""

    organ_id: int
    name: str
    year: int
    subtree: bool
    lines: list[OrganFigures]
    totals: dict[str, Value]

    @property
    def reported(self) -> list[OrganFigures]:
        return [line for line in self.lines if line.reported]

    @property
    def missing(self) -> list[OrganFigures]:
        return [line for line in self.lines if not line.reported]

    @property
    def organ_count(self) -> int:
        return len(self.lines)

    @property
    def reported_count(self) -> int:
        return len(self.reported)

    @property
    def complete(self) -> bool:
        return bool(self.lines) and not self.missing


def _totals(root: Organ, year: int, organs: Any, *, subtree: bool) -> Totals:
    """One query: the organs, left-joined to their row of `year` (FilteredRelation)."""
    names = [f"wf__{key}" for key in FIGURES] + [f"wf__{key}_source" for key in FIGURES]
    rows = (
        organs.annotate(
            wf=FilteredRelation("workforce_figures", condition=Q(workforce_figures__year=year))
        )
        .order_by("tree_key")
        .values("pk", "name", "tree_key", "wf__pk", *names)
    )
    base_depth: int | None = None
    lines: list[OrganFigures] = []
    totals: dict[str, Value] = {
        key: (Decimal("0.00") if key == Figure.BUDGET else 0) for key in FIGURES
    }
    for row in rows:
        depth = len(row["tree_key"]) // TREE_KEY_WIDTH
        base_depth = depth if base_depth is None else min(base_depth, depth)
        if row["wf__pk"] is None:
            lines.append(OrganFigures(row["pk"], row["name"], depth, None, None))
            continue
        values = {key: row[f"wf__{key}"] for key in FIGURES}
        for key in FIGURES:
            totals[key] = totals[key] + values[key]
        sources = {key: row[f"wf__{key}_source"] for key in FIGURES}
        lines.append(OrganFigures(row["pk"], row["name"], depth, row["wf__pk"], values, sources))
    if base_depth:
        lines = [
            OrganFigures(
                x.organ_id, x.name, x.depth - base_depth, x.figures_id, x.values, x.sources
            )
            for x in lines
        ]
    return Totals(root.pk, root.name, year, subtree, lines, totals)


def subtree_totals(organ: Organ, year: int) -> Totals:
    """The organ and every organ below it, summed; `missing` names who has not reported."""
    return _totals(organ, year, Organ.objects.filter(path__startswith=organ.path), subtree=True)


def organ_totals(organ: Organ, year: int) -> Totals:
    """The organ alone, in the same shape (`missing` holds it when it has not reported)."""
    return _totals(organ, year, Organ.objects.filter(pk=organ.pk), subtree=False)


def figures_of(organ: Organ, year: int) -> WorkforceFigures | None:
    return (
        WorkforceFigures.objects.filter(organ=organ, year=year).prefetch_related("evidence").first()
    )


def staff_organs(user: Actor) -> list[Organ]:
    """Organs whose figures the user enters (公开办管理员 or 采编 there), in tree order."""
    if getattr(user, "is_superuser", False):
        return list(Organ.objects.order_by("tree_key"))
    ids = [pk for pk, held in role_map(user).items() if held & ENTRANTS]
    return list(Organ.objects.filter(pk__in=ids).order_by("tree_key"))


def editable_ids(user: Actor) -> set[int]:
    """Organ ids whose figures the user may enter (for the edit links; the service decides)."""
    if getattr(user, "is_superuser", False):
        return set(Organ.objects.values_list("pk", flat=True))
    return {pk for pk, held in role_map(user).items() if held & ENTRANTS}


def may_read(user: Actor, organ: Organ) -> bool:
    """Back-office staff of an organ, or of an organ above it, may read its figures."""
    return organs_for(user).filter(pk=organ.pk).exists() or any(
        organ.path.startswith(o.path) for o in staff_organs(user)
    )


def report_totals(organ: Organ, year: int, *, subtree: bool) -> Totals:
    """What an annual report's narrative states: the organ's own figures, or its subtree's sum
    for a 汇总 report (`reports/narrative.py: report_workforce`)."""
    return subtree_totals(organ, year) if subtree else organ_totals(organ, year)


def statistics_rows(totals: Totals) -> dict[str, dict[str, Value | None]]:
    """The figures as rows of a pre-2019 附表 (`tables.statistics` of the report JSON: row key →
    {"year": value}); None where nobody reported."""
    if not totals.reported:
        return {f"workforce.{key}": {"year": None} for key in FIGURES}
    return {f"workforce.{key}": {"year": totals.totals[key]} for key in FIGURES}
