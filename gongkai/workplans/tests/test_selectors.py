"""Figures per organ and year (for the 考核 scorecards), the matrix and what each person sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from gongkai.orgs.models import Organ
from gongkai.workplans import selectors
from gongkai.workplans.models import Task
from gongkai.workplans.services.tasks import task_accept, task_report
from gongkai.workplans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(
    assign: Callable[..., Task], finance: Organ, housing: Organ, county: Organ,
    county_dept: Organ, people: dict[str, Any],
) -> dict[str, Task]:  # fmt: skip
    a = assign(finance, title="按时完成", co_organs=[housing], deadline=TODAY + timedelta(days=5))
    task_report(actor=people["finance"], task=a, text="已完成本项工作。", on=TODAY)
    task_accept(actor=people["office"], task=a, on=TODAY)
    b = assign(finance, title="逾期未完成", deadline=TODAY + timedelta(days=1))
    c = assign(finance, title="逾期完成", deadline=TODAY + timedelta(days=2))
    task_report(actor=people["finance"], task=c, text="已完成本项工作。", on=TODAY)
    task_accept(actor=people["office"], task=c, on=TODAY + timedelta(days=3))
    d = assign(county, title="县级任务", deadline=TODAY + timedelta(days=20))
    e = assign(county_dept, parent=d, actor=people["county_office"], title="县财政局分解任务",
               deadline=TODAY + timedelta(days=10))  # fmt: skip
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_task_counts(tasks: dict[str, Task], finance: Organ, county: Organ, housing: Organ) -> None:
    later = TODAY + timedelta(days=12)
    assert selectors.task_counts(finance, 2026, today=later) == selectors.TaskCounts(3, 2, 2)
    assert selectors.task_counts(finance, 2026, today=later).open == 1
    assert selectors.task_counts(finance, 2025, today=later) == selectors.TaskCounts(0, 0, 0)
    assert selectors.task_counts(county, 2026, today=later) == selectors.TaskCounts(1, 0, 0)
    assert selectors.task_counts(county, 2026, subtree=True, today=later) == selectors.TaskCounts(
        2, 0, 1
    )
    by_organ = selectors.task_counts_by_organ(2026, today=later)
    assert by_organ[finance.pk] == selectors.TaskCounts(3, 2, 2) and housing.pk not in by_organ


def test_matrix(tasks: dict[str, Task], finance: Organ, housing: Organ, county_dept: Organ) -> None:
    m = selectors.matrix(tasks["a"].plan, today=TODAY)
    names = [o.name for o in m.organs]
    assert names[0] == "测试市财政局" or "测试市财政局" in names
    assert [r.task.title for r in m.rows] == ["按时完成", "逾期未完成", "逾期完成", "县级任务"]
    col = {o.pk: i for i, o in enumerate(m.organs)}
    first = m.rows[0].cells
    assert first[col[finance.pk]]["label"] == "已完成" and first[col[housing.pk]]["role"] == "配合"
    county_row = m.rows[3].cells
    assert county_row[col[county_dept.pk]]["role"] == "分解"
    assert m.rows[2].cells[col[finance.pk]]["overdue"] is True  # done after its deadline
    assert m.totals[col[finance.pk]] == selectors.TaskCounts(3, 2, 1)  # 逾期完成 (as of TODAY)
    assert m.totals[col[county_dept.pk]] == selectors.TaskCounts(1, 0, 0)
    assert m.totals[col[housing.pk]] == selectors.TaskCounts(0, 0, 0)  # co-organ only


def test_who_sees_what(tasks: dict[str, Task], people: dict[str, Any]) -> None:
    assert set(selectors.my_tasks(people["finance"])) == {tasks["a"], tasks["b"], tasks["c"]}
    assert set(selectors.visible_tasks(people["housing"])) == {tasks["a"]}  # co-organ
    assert set(selectors.visible_tasks(people["county_office"])) == {tasks["d"], tasks["e"]}
    assert selectors.visible_tasks(people["outsider"]).count() == 0
    assert selectors.visible_tasks(people["office"]).count() == 5
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.task_for_user(people["county_dept"], tasks["a"].pk)
    _task, roles = selectors.task_for_user(people["housing"], tasks["a"].pk)
    assert roles == set()  # a co-organ reads the task but neither reports nor accepts
