"""The demo reports: the last one due published, the next one a draft with deliberate mistakes."""

from __future__ import annotations

import random
from datetime import date
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


def test_report_years_follow_the_article_49_deadline() -> None:
    from gongkai.demo.reports import report_years

    # Until 31 March last year's report is still in preparation …
    assert report_years(date(2026, 1, 15)) == (2024, 2025)
    assert report_years(date(2026, 3, 31)) == (2024, 2025)
    # … after it, last year's is published and this year's is being drafted.
    assert report_years(date(2026, 4, 1)) == (2025, 2026)
    assert report_years(date(2026, 11, 22)) == (2025, 2026)


def test_demo_applications_cover_both_report_years() -> None:
    """Loaded in February, the published demo report is on the year before last: the demo's
    applications must reach back to it, or its table 三 would be all zeros."""
    from gongkai.demo.generate import application_years

    assert application_years(date(2027, 2, 10)) == [2025, 2026, 2027]
    assert application_years(date(2026, 11, 22)) == [2025, 2026]
