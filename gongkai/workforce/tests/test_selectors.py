"""Subtree totals: one query, sums over the organs that reported, and who has not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.workforce import selectors
from gongkai.workforce.services import figures_save
from gongkai.workforce.tests.conftest import TODAY, figures

pytestmark = pytest.mark.django_db


def test_subtree_totals_sum_the_reported_and_name_the_missing(
    people: dict[str, Any],
    county: Any,
    dept: Any,
    other_dept: Any,
    make_organ: Any,
    django_assert_num_queries: Any,
) -> None:
    unit = make_organ("岚山县就业服务中心", parent=dept)
    office = people["office"]
    figures_save(actor=office, organ=dept, year=2025, values=figures(), today=TODAY)
    figures_save(
        actor=office,
        organ=unit,
        year=2025,
        values=figures(fulltime_staff=1, budget=Decimal("0.75")),
        today=TODAY,
    )
    # Another year is not counted.
    figures_save(actor=office, organ=other_dept, year=2024, values=figures(), today=TODAY)
    with django_assert_num_queries(1):
        totals = selectors.subtree_totals(county, 2025)
        missing = [line.name for line in totals.missing]
    assert totals.organ_count == 4 and totals.reported_count == 2
    assert missing == ["岚山县人民政府", "岚山县教育局"]
    assert totals.totals["fulltime_staff"] == 3
    assert totals.totals["budget"] == Decimal("13.25")
    assert totals.totals["trainees"] == 160
    depths = {line.name: line.depth for line in totals.lines}
    assert depths == {
        "岚山县人民政府": 0,
        "岚山县人力资源和社会保障局": 1,
        "岚山县就业服务中心": 2,
        "岚山县教育局": 1,
    }
    assert not totals.complete
    # A department's own subtree: itself and its unit, both reported.
    assert selectors.subtree_totals(dept, 2025).complete


def test_organ_totals_missing_is_not_zero(people: dict[str, Any], dept: Any) -> None:
    totals = selectors.organ_totals(dept, 2025)
    assert totals.reported_count == 0 and [line.name for line in totals.missing] == [dept.name]
    assert selectors.statistics_rows(totals)["workforce.budget"] == {"year": None}
    figures_save(actor=people["editor"], organ=dept, year=2025, values=figures(), today=TODAY)
    totals = selectors.organ_totals(dept, 2025)
    assert totals.complete and totals.totals["parttime_staff"] == 5
    assert selectors.statistics_rows(totals)["workforce.budget"] == {"year": Decimal("12.50")}


def test_staff_organs_follow_the_posts(people: dict[str, Any], county: Any, dept: Any) -> None:
    assert [o.pk for o in selectors.staff_organs(people["editor"])] == [dept.pk]
    assert county.pk in selectors.editable_ids(people["office"])
    assert dept.pk in selectors.editable_ids(people["office"])
    assert selectors.staff_organs(people["secrecy"]) == []
    assert selectors.may_read(people["office"], dept)
    assert not selectors.may_read(people["other"], dept)
