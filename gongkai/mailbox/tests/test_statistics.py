"""Monthly statistics per organ and subtree (statistics.py), from recorded dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai.mailbox import statistics
from gongkai.mailbox.models import Letter
from gongkai.mailbox.services import workflow as wf
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


def _in_march(letter: Letter, day: int = 2) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(
        submitted_on=date(2026, 3, day),
        submitted_at=datetime(2026, 3, day, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    letter.refresh_from_db()
    return letter


def test_month_figures(
    write: Callable[..., Letter], people: dict[str, Any], city: Organ, dept: Organ
) -> None:
    on_time = _in_march(write(title="一", body="第一件事情的说明"))
    late = _in_march(write(title="二", body="第二件事情的说明"))
    open_late = _in_march(write(title="三", body="第三件事情的说明"))
    _in_march(write(title="四", body="第四件事情的说明"))  # still 待审核
    rejected = _in_march(write(title="五", body="第五件事情的说明"))
    wf.letter_reject(actor=people["office"], letter=rejected, reason="无关")
    for letter, replied, rating in ((on_time, 10, "satisfied"), (late, 31, "unsatisfied")):
        letter = wf.letter_assign(
            actor=people["office"], letter=letter, organ=dept, reason="住建", on=date(2026, 3, 2)
        )
        letter = wf.letter_submit_reply(
            actor=people["editor"], letter=letter, text="经核实，已处理完毕。"
        )
        letter = wf.letter_approve_reply(
            actor=people["leader"], letter=letter, on=date(2026, 3, replied)
        )
        wf.letter_rate(letter=letter, satisfaction=rating, on=date(2026, 3, replied))
    wf.letter_assign(
        actor=people["office"], letter=open_late, organ=dept, reason="住建", on=date(2026, 3, 2)
    )
    rows, total = statistics.month_statistics(city, 2026, 3, today=date(2026, 4, 10))
    by_name = {r.label: r for r in rows}
    d = by_name[dept.name]
    assert (d.received, d.answered, d.overdue, d.rated, d.satisfied) == (3, 2, 2, 2, 1)
    assert d.answer_rate == pytest.approx(2 / 3) and d.satisfaction_rate == 0.5
    assert d.average_days == pytest.approx((6 + 21) / 2)  # 2→10 March: 6; 2→31 March: 21
    c = by_name[city.name]
    assert (c.received, c.answered) == (
        1,
        0,
    ) and c.answer_rate == 0.0  # 待审核 counts; 不予受理 not
    assert total.received == 4 and total.answered == 2 and total.label.endswith("（含下级）")
    assert statistics.month_statistics(city, 2026, 4)[1].received == 0
    assert statistics.percent(None) == "—" and statistics.percent(0.5) == "50.0%"


@pytest.mark.parametrize(
    ("value", "parsed"), [("2026-03", (2026, 3)), ("2026-13", None), ("x", None), ("", None)]
)
def test_parse_month(value: str, parsed: tuple[int, int] | None) -> None:
    assert statistics.parse_month(value) == parsed
