"""Objects of the assessment for the authorisation matrix (tests/test_authz_matrix.py): a scheme
held by `organ`'s 公开办 over `child`, computed, and one of its results."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.assessment.models import Result
from gongkai.assessment.services import assessment_compute, scheme_create
from gongkai.orgs.models import Organ


def authz_objects(*, organ: Organ, child: Organ, admin: Any) -> dict[str, Any]:
    scheme = scheme_create(actor=admin, organ=organ, year=2025, organs=[child])
    assessment_compute(actor=admin, scheme=scheme, today=date(2026, 3, 1))
    result = Result.objects.filter(scheme=scheme).order_by("pk").first()
    return {"assessment_scheme": scheme, "assessment_result": result}
