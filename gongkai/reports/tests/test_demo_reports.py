"""The demo reports: published older year, a draft last year with deliberate mistakes."""

from __future__ import annotations

import random
from typing import Any

import pytest

from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_check

pytestmark = pytest.mark.django_db


def test_build_reports(
    organ: Any, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.demo.reports import build_reports

    class Demo:
        def __init__(self) -> None:
            self.organ = organ
            self.users = dict(staff)

    with django_capture_on_commit_callbacks(execute=True):
        made = build_reports(organs=[Demo()], rng=random.Random(1))
    published, draft = made
    assert published.status == AnnualReport.Status.PUBLISHED
    assert published.item is not None and published.item.index_number
    assert draft.status == AnnualReport.Status.DRAFT
    rules = {f.rule for f in report_check(draft).errors}
    assert "N1" in rules
    text = draft.sections["other"]
    assert "XXX" in text  # R6 residue, flagged once the validator is installed
