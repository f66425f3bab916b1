"""督查 records for the authorisation matrix (tests/test_authz_matrix.py), made through the
services: a round organised by organ A over its unit below (its pages are A's 公开办's), a
finding of that round (verified by A's 公开办 only), and a finding on A raised by the 公开办 above
with a file of 整改 evidence (A's 采编 and 公开办 put it right)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.workplans.models import FindingEvidence
from gongkai.workplans.services.findings import finding_raise
from gongkai.workplans.services.inspection import (
    RoundFields,
    checklist_add,
    round_create,
    round_start,
)


def _round(actor: Any, organ: Organ, inspected: Organ) -> Any:
    today = timezone.localdate()
    fields = RoundFields(
        title="政务公开督查", year=today.year, starts_on=today, ends_on=today + timedelta(days=9)
    )
    round_ = round_create(actor=actor, organ=organ, fields=fields, organs=[inspected])
    checklist_add(actor=actor, round_=round_, text="主动公开目录完整", basis="条例第二十条")
    return round_start(actor=actor, round_=round_)


def _finding(actor: Any, round_: Any, organ: Organ) -> Any:
    return finding_raise(
        actor=actor, round_=round_, organ=organ, problem="目录缺项", requirement="补齐目录",
        deadline=timezone.localdate() + timedelta(days=20),
    )  # fmt: skip


def authz_objects(
    *, parent: Organ, organ: Organ, child: Organ, admin: Any, above: Any
) -> dict[str, Any]:
    own = _round(admin, organ, child)
    on_a = _finding(above, _round(above, parent, organ), organ)
    evidence = FindingEvidence.objects.create(
        finding=on_a, kind="file", name="整改.png", file_kind="png", size=3,
        sha256="ef" * 32, file=ContentFile(b"png", name="z"),
    )  # fmt: skip
    return {
        "work_round": own,
        "work_finding_office": _finding(admin, own, child),
        "work_finding": on_a,
        "work_finding_evidence": evidence,
    }
