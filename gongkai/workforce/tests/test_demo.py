"""The demo gives every organ figures for two years, but one organ has not reported the later."""

from __future__ import annotations

import random
from typing import Any

import pytest

from gongkai.workforce import selectors
from gongkai.workforce.demo import build_workforce
from gongkai.workforce.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_demo(people: dict[str, Any], county: Any, dept: Any, other_dept: Any) -> None:
    made = build_workforce(
        organs=[county, dept, other_dept],
        office=people["office"],
        years=(2024, 2025),
        rng=random.Random(1),
        today=TODAY,
    )
    assert made == {"figures": 5, "not_reported": 1}
    assert selectors.subtree_totals(county, 2024).complete
    later = selectors.subtree_totals(county, 2025)
    assert [line.name for line in later.missing] == ["岚山县教育局"]
    assert later.totals["fulltime_staff"] >= 1
