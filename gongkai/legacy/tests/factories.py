"""Objects of the legacy import for the authorisation matrix (`tests/test_authz_matrix.py`):
one finished run of an organ with one page it could not import (runs are made by the command
line, `gongkai import site`; the back office only reads them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from gongkai.legacy.models import LegacyPage, LegacyRun, Outcome, SourceKind
from gongkai.orgs.models import Organ


def authz_objects(*, organ: Organ, admin: Any) -> dict[str, Any]:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    run = LegacyRun.objects.create(
        organ=organ,
        source="https://old.example.gov.cn/zwgk/",
        source_kind=SourceKind.HTTP,
        started_by=admin,
        started_at=at,
        finished_at=at,
        counts={Outcome.FAILED: 1},
    )
    LegacyPage.objects.create(
        organ=organ,
        run=run,
        source_url="https://old.example.gov.cn/zwgk/1.html",
        old_host="old.example.gov.cn",
        old_path="/zwgk/1.html",
        title="关于印发某办法的通知",
        outcome=Outcome.FAILED,
        problems=["缺少成文日期"],
    )
    return {"legacy_run": run}
