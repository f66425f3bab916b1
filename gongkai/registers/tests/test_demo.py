"""The demo builds a register with one published cleanup and one concluded, verifiable draw."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.registers import method, selectors
from gongkai.registers.demo import build_registers
from gongkai.registers.models import CampaignStatus, DrawStatus

pytestmark = pytest.mark.django_db


def test_demo(county: Any, dept: Any, people: dict[str, Any]) -> None:
    made = build_registers(
        government=county,
        department=dept,
        staff={**people, "organ_admin": people["admin"]},
        office=people["office"],
        agency="岚人社规",
    )
    assert len(made.entries) == 4 and all(e.number.startswith("岚人社规〔") for e in made.entries)
    assert made.campaign.status == CampaignStatus.PUBLISHED
    assert made.draw.status == DrawStatus.CONCLUDED
    draw = made.draw
    check = method.verify(
        subjects_text=draw.subjects_text,
        inspectors_text=draw.inspectors_text,
        seed=draw.seed,
        public_value=draw.public_value,
        subject_count=draw.subject_count,
        inspectors_per_subject=draw.inspectors_per_subject,
        published_subjects_sha256=draw.subjects_sha256,
        published_inspectors_sha256=draw.inspectors_sha256,
        published_commitment=draw.seed_commitment,
        published_result=selectors.published_result(draw),
    )
    assert check.ok
