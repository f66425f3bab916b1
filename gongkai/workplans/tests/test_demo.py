"""The demo's 工作要点 (workplans/demo.py) on a small tree: tasks for the organs the plan names,
the county's breakdown, and every state of progress, with overdue tasks in the inbox."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.inbox.models import Notice
from gongkai.orgs.models import Organ
from gongkai.workplans import selectors
from gongkai.workplans.demo import build_workplans
from gongkai.workplans.models import (
    Evidence,
    InspectionRound,
    Plan,
    Result,
    RoundStatus,
    Status,
    Task,
)

pytestmark = pytest.mark.django_db

DEPARTMENTS = ("财政局", "教育局", "民政局", "人力资源和社会保障局", "住房和城乡建设局",
               "发展和改革委员会", "生态环境局", "卫生健康委员会")  # fmt: skip


def test_a_year_of_tasks(
    make_organ: Callable[..., Organ], make_user: Callable[..., Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    city = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    make_user("demo-city-admin", organ=city, roles=("organ_admin",))
    for i, name in enumerate(DEPARTMENTS):
        organ = make_organ(f"测试市{name}", parent=city)
        make_user(f"demo-dept-{i}", organ=organ, roles=("editor",))
    for key, county_name in (("a", "东湖县"), ("b", "西山区")):
        county = make_organ(f"测试市{county_name}人民政府", parent=city,
                            kind=Organ.Kind.GOVERNMENT, level=Organ.Level.COUNTY)  # fmt: skip
        make_user(f"demo-{key}-admin", organ=county, roles=("organ_admin",))
        for name in ("教育局", "财政局"):
            dept = make_organ(f"{county_name}{name}", parent=county, level=Organ.Level.COUNTY)
            make_user(f"demo-{key}-{name}", organ=dept, roles=("editor",))
    today = date(2026, 9, 15)
    counts = build_workplans(rng=random.Random(3), today=today)
    plan = Plan.objects.get()
    assert plan.title == "测试市2026年政务公开工作要点" and counts["points"] == 14
    assert not plan.points.exclude(unmatched=[]).exists()  # every organ phrase matched
    tasks = Task.objects.filter(plan=plan)
    assert counts["tasks"] == tasks.count() >= 20
    states = set(tasks.values_list("status", flat=True))
    assert states == {s.value for s in Status}
    assert tasks.filter(parent__isnull=False, organ__name="东湖县教育局").exists()
    finance = Organ.objects.get(name="测试市财政局")
    fiscal = tasks.get(point__title="做好财政预决算公开", parent__isnull=True)
    assert fiscal.organ == finance and fiscal.co_organs.count() == 3
    figures = selectors.task_counts(finance, 2026, today=today)
    assert figures.total >= 1 and figures.done + figures.open == figures.total
    late = tasks.filter(status__in=["assigned", "reported", "returned"], deadline__lt=today)
    assert late.exists() and counts["overdue_notices"] == late.count()
    assert Notice.objects.filter(kind="overdue").exists()
    assert Evidence.objects.filter(kind="file").exists()
    # One 督查: results for some organs, one finding verified, one open past its 整改期限.
    round_ = InspectionRound.objects.get()
    assert round_.status == RoundStatus.IN_PROGRESS and round_.organs.count() == 3
    assert {"task", "template"} <= set(round_.lines.values_list("source", flat=True))
    assert 0 < Result.objects.filter(line__round=round_).count() < 3 * round_.lines.count()
    assert Result.objects.filter(verdict="fail").exists()
    assert sorted(round_.findings.values_list("status", flat=True)) == ["open", "verified"]
    open_finding = round_.findings.get(status="open")
    assert open_finding.deadline < today and counts["inspection.overdue_notices"] == 1
    link = f"/findings/{open_finding.pk}/"
    assert Notice.objects.filter(kind="overdue", link__contains=link).exists()
    office = round_.organ.memberships.get(role="organ_admin").user
    assert list(selectors.overdue_findings(office, today=today)) == [open_finding]
    assert build_workplans(rng=random.Random(3), today=today) == {}  # once per year
