"""Entering and correcting figures: audited per change, refused whole on bad input, guarded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.audit import audit_data_text
from gongkai.core.models import AuditEvent
from gongkai.workforce.models import WorkforceEvidence, WorkforceFigures
from gongkai.workforce.services import evidence_remove, figures_save
from gongkai.workforce.tests.conftest import TODAY, figures, pdf

pytestmark = pytest.mark.django_db

PDF = pdf()


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_entered_then_corrected_one_audit_row_per_change(people: dict[str, Any], dept: Any) -> None:
    row = figures_save(actor=people["editor"], organ=dept, year=2025, values=figures(), today=TODAY)
    assert (row.fulltime_staff, row.budget, row.budget_source) == (
        2,
        Decimal("12.50"),
        "2025年部门预算批复",
    )
    created = _events("workforce.create")
    assert len(created) == 1 and created[0].data["budget"] == "12.50"
    sources = dict(figures().sources, trainees="培训签到表（修订）")
    figures_save(
        actor=people["office"],
        organ=dept,
        year=2025,
        values=figures(parttime_staff=6, sources=sources),
        today=TODAY,
    )
    changes = _events("workforce.change")
    assert [(e.data["field"], e.data["old"], e.data["new"]) for e in changes] == [
        ("parttime_staff", 5, 6),
        ("trainees_source", "签到表", "培训签到表（修订）"),
    ]
    assert all(e.organ_id == dept.pk for e in changes)
    text = audit_data_text(changes[0].data, action="workforce.change")
    assert "兼职人员数（人）" in text and "原值" in text
    # Saving the same figures again records nothing.
    figures_save(
        actor=people["office"],
        organ=dept,
        year=2025,
        values=figures(parttime_staff=6, sources=sources),
        today=TODAY,
    )
    assert len(_events("workforce.change")) == 2
    assert WorkforceFigures.objects.get(organ=dept, year=2025).parttime_staff == 6


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (figures(fulltime_staff=-1), "fulltime_staff", "不能为负数"),
        (figures(budget=Decimal("-3")), "budget", "不能为负数"),
        (figures(budget=Decimal("1.234")), "budget", "最多保留两位小数"),
        (figures(parttime_staff="五"), "parttime_staff", "应为整数"),
        (figures(sources={}), "fulltime_staff", "请注明"),
    ],
)
def test_bad_figures_are_refused_whole(
    people: dict[str, Any], dept: Any, values: Any, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        figures_save(actor=people["editor"], organ=dept, year=2025, values=values, today=TODAY)
    assert message in " ".join(caught.value.message_dict[field])
    assert not WorkforceFigures.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="workforce.").exists()


def test_a_future_year_is_refused(people: dict[str, Any], dept: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        figures_save(actor=people["editor"], organ=dept, year=2027, values=figures(), today=TODAY)
    assert "2027年尚未到来" in caught.value.message_dict["year"][0]
    assert not WorkforceFigures.objects.exists()


def test_a_correction_with_a_bad_figure_leaves_the_row_as_it_was(
    people: dict[str, Any], dept: Any
) -> None:
    figures_save(actor=people["editor"], organ=dept, year=2025, values=figures(), today=TODAY)
    with pytest.raises(ValidationError):
        figures_save(
            actor=people["editor"],
            organ=dept,
            year=2025,
            values=figures(meetings=9, trainees=-5),
            today=TODAY,
        )
    row = WorkforceFigures.objects.get(organ=dept)
    assert (row.meetings, row.trainees) == (3, 80)
    assert not _events("workforce.change")


@pytest.mark.parametrize("who", ["other", "secrecy", "outsider"])
def test_only_the_organs_office_or_editor_enters(
    people: dict[str, Any], dept: Any, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        figures_save(actor=people[who], organ=dept, year=2025, values=figures(), today=TODAY)
    assert not WorkforceFigures.objects.exists()


def test_evidence_uploaded_and_removed_a_bad_upload_writes_nothing(
    people: dict[str, Any], dept: Any
) -> None:
    with pytest.raises(ValidationError):
        figures_save(
            actor=people["editor"],
            organ=dept,
            year=2025,
            values=figures(),
            files=[("预算批复.pdf", b"")],
            today=TODAY,
        )
    assert not WorkforceFigures.objects.exists()
    row = figures_save(
        actor=people["editor"],
        organ=dept,
        year=2025,
        values=figures(),
        files=[("../预算批复.pdf", PDF)],
        today=TODAY,
    )
    evidence = WorkforceEvidence.objects.get(figures=row)
    with evidence.file.open("rb") as stored:
        assert evidence.name == "预算批复.pdf" and stored.read() == PDF
    assert _events("workforce.evidence_add")[0].data["name"] == "预算批复.pdf"
    with pytest.raises(PermissionDenied):
        evidence_remove(actor=people["other"], evidence=evidence)
    evidence_remove(actor=people["editor"], evidence=evidence)
    assert not WorkforceEvidence.objects.exists()
    assert _events("workforce.evidence_remove")[0].data["name"] == "预算批复.pdf"
