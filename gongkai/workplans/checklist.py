"""The 督查要点模板 (`data/inspection_checklist.yaml`): common points of a 政务公开 inspection,
each with its basis, which an organiser adds to a round's checklist beside the lines drawn from
the year's 工作要点 tasks. Rule data an operator edits, so it is read from the file, not coded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class TemplateLine:
    code: str
    text: str
    basis: str


@cache
def template_lines() -> tuple[TemplateLine, ...]:
    """The template's lines in file order (codes unique, texts at most 300 characters)."""
    loaded = yaml.safe_load((DATA / "inspection_checklist.yaml").read_text(encoding="utf-8"))
    lines = tuple(
        TemplateLine(code=str(x["code"]), text=str(x["text"])[:300], basis=str(x["basis"])[:300])
        for x in loaded or []
    )
    codes = [line.code for line in lines]
    if len(set(codes)) != len(codes):
        raise ValueError("inspection_checklist.yaml: repeated code")
    return lines


def template_line(code: str) -> TemplateLine | None:
    return next((line for line in template_lines() if line.code == code), None)
