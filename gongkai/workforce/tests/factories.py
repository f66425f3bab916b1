"""Objects of the workforce figures for the authorisation matrix (`tests/test_authz_matrix.py`):
an organ's 2025 figures with one evidence file (entered by its 采编)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.orgs.models import Organ
from gongkai.workforce.services import FiguresInput, figures_save

YEAR = 2025


def authz_objects(*, organ: Organ, editor: Any, document: bytes) -> dict[str, Any]:
    values = FiguresInput(
        fulltime_staff=2,
        parttime_staff=5,
        budget=Decimal("12.50"),
        meetings=3,
        trainings=2,
        trainees=40,
        sources={
            "fulltime_staff": "编制文件",
            "parttime_staff": "岗位分工通知",
            "budget": "2025年部门预算",
            "meetings": "会议纪要",
            "trainings": "培训通知",
            "trainees": "培训签到表",
        },
    )
    row = figures_save(
        actor=editor,
        organ=organ,
        year=YEAR,
        values=values,
        files=[("预算批复.docx", document)],
        today=date(2026, 3, 2),
    )
    return {"workforce_figures": row, "workforce_evidence": row.evidence.get()}
