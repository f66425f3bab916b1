"""The demo's assessment (assessment/demo.py): last year's, computed from the records there are,
the rest entered with their sources, published."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.assessment import selectors
from gongkai.assessment.demo import build_assessment
from gongkai.assessment.models import Adjustment, Result, Scheme, Status
from gongkai.orgs.models import Organ


def test_last_years_assessment_computed_and_published(
    city: Organ, organ: Organ, housing: Organ, office: Any, published_item: Callable[..., Any]
) -> None:
    published_item(title="按时公开的通知", formed=date(2025, 3, 3), on=date(2025, 3, 10))
    counts = build_assessment(rng=random.Random(1), today=date(2026, 3, 1))
    assert counts["schemes"] == 1 and counts["organs"] == 2
    scheme = Scheme.objects.get(organ=city, year=2025)
    assert scheme.status == Status.PUBLISHED
    a1 = Result.objects.get(scheme=scheme, organ=organ, indicator__code="A1")
    assert a1.value == 1 and a1.records and not a1.evidence  # computed, not entered
    assert not Result.objects.filter(scheme=scheme, score__isnull=True).exists()
    entered = Result.objects.filter(scheme=scheme).exclude(evidence="")
    assert entered.count() == counts["entered"] > 0
    assert Adjustment.objects.filter(result__scheme=scheme).exists()
    card = selectors.scorecard(scheme)
    assert all(row.total is not None for row in card.rows)
    # Run twice: nothing more.
    assert build_assessment(rng=random.Random(1), today=date(2026, 3, 1)) == {}
