"""The default schedule templates (`data/schedules.yaml`): data an operator may edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gongkai.periodic.models import DayKind, DueBasis, Frequency
from gongkai.periodic.rules import SchemaColumn, schema_from_data

DATA_FILE = Path(__file__).resolve().parent / "data" / "schedules.yaml"


@dataclass(frozen=True)
class Template:
    code: str
    title: str
    frequency: str
    due_basis: str
    due_days: int
    day_kind: str
    trigger_label: str = ""
    basis: str = ""
    columns: tuple[str, ...] = ()
    schema: tuple[SchemaColumn, ...] = field(default_factory=tuple)

    @property
    def rule_text(self) -> str:
        """“每月，期末后15日内” (as `Schedule.rule_text`)."""
        start = f"{self.trigger_label}后" if self.due_basis == DueBasis.TRIGGER else "期末后"
        unit = "个工作日" if self.day_kind == DayKind.WORKING else "日"
        return f"{Frequency(self.frequency).label}，{start}{self.due_days}{unit}内"


def _template(raw: dict[str, Any]) -> Template:
    template = Template(
        code=str(raw["code"]),
        title=str(raw["title"]),
        frequency=str(raw["frequency"]),
        due_basis=str(raw.get("due_basis", DueBasis.PERIOD_END)),
        due_days=int(raw["due_days"]),
        day_kind=str(raw.get("day_kind", DayKind.CALENDAR)),
        trigger_label=str(raw.get("trigger_label", "")),
        basis=str(raw.get("basis", "")),
        columns=tuple(str(c) for c in raw.get("columns", [])),
        schema=tuple(schema_from_data(raw.get("schema") or [])),
    )
    if template.frequency not in Frequency.values:
        raise ValueError(f"{template.code}: unknown frequency {template.frequency}")
    if template.due_basis not in DueBasis.values or template.day_kind not in DayKind.values:
        raise ValueError(f"{template.code}: unknown due rule")
    if template.frequency == Frequency.EVENT and template.due_basis != DueBasis.TRIGGER:
        raise ValueError(f"{template.code}: an event-triggered schedule is due after its trigger")
    return template


@cache
def templates() -> dict[str, Template]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or []
    return {t.code: t for t in (_template(raw) for raw in data)}
