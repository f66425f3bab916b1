"""Test data for report building: applications and 复议/诉讼 rows written directly (setup only)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from gongkai.applications.outcomes import OUTCOMES

SUBTYPES = ["commercial", "research", "social_welfare", "legal_services", "other"]


def make_case(
    organ: Any,
    *,
    received: date | None,
    closed: date | None = None,
    outcome: str = "granted",
    natural: bool = True,
    subtype: str = "",
    withdrawn: bool = False,
) -> Any:
    from gongkai.applications.models import Application

    status = "processing"
    answered_on = withdrawn_on = None
    if closed is not None:
        if withdrawn:
            status, withdrawn_on, outcome = "withdrawn", closed, ""
        else:
            status, answered_on = "answered", closed
    else:
        outcome = ""
    return Application.objects.create(
        organ=organ,
        channel="in_person",
        submitted_on=received or date(2025, 1, 2),
        receipt_date=received,
        applicant_type="natural" if natural else "organisation",
        org_subtype="" if natural else (subtype or "other"),
        name="申请人",
        phone="13812345678",
        description="某信息",
        info_form="electronic",
        delivery="email",
        status=status if received else "awaiting_confirmation",
        outcome=outcome,
        answered_on=answered_on,
        withdrawn_on=withdrawn_on,
    )


def make_challenge(
    app: Any, *, kind: str = "review", filed: date, decided: date | None = None, result: str = ""
) -> Any:
    from gongkai.applications.models import LegalChallenge

    return LegalChallenge.objects.create(
        application=app,
        kind=kind,
        filed_on=filed,
        decided_on=decided,
        result=result or ("pending" if decided is None else "upheld"),
    )


def random_cases(organ: Any, rng: random.Random, *, n: int, first: date, last: date) -> list[Any]:
    """n applications received between first and last, most closed within 40 days."""
    span = (last - first).days
    keys = [o.key for o in OUTCOMES]
    cases = []
    for _ in range(n):
        received = first + timedelta(days=rng.randint(0, span))
        closed = None
        if rng.random() < 0.85:
            closed = received + timedelta(days=rng.randint(0, 60))
        natural = rng.random() < 0.7
        cases.append(
            make_case(
                organ,
                received=received,
                closed=closed,
                outcome=rng.choice(keys),
                natural=natural,
                subtype=rng.choice(SUBTYPES),
                withdrawn=closed is not None and rng.random() < 0.05,
            )
        )
    return cases
