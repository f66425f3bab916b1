"""督查通报: drafted from a round's records, exported as a 公文 DOCX (A4, GB/T 9704 margins,
小标宋 title, 仿宋 body) and opened back; the 自查报告 of an inspected organ tells its 整改."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from gongkai.orgs.models import Organ
from gongkai.workplans.bulletin import bulletin_body, bulletin_docx, bulletin_title
from gongkai.workplans.models import InspectionRound, Task
from gongkai.workplans.selfcheck import is_heading2, selfcheck_draft
from gongkai.workplans.services.findings import finding_raise
from gongkai.workplans.services.inspection import ResultInput, results_record
from gongkai.workplans.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(
    make_round: Callable[..., InspectionRound], finance: Organ, housing: Organ,
    people: dict[str, Any],
) -> InspectionRound:  # fmt: skip
    round_ = make_round(finance, housing)
    first, second = list(round_.lines.order_by("order"))
    results_record(actor=people["office"], round_=round_, cells=[
        ResultInput(finance, first, "conform"),
        ResultInput(finance, second, "fail", note="年度报告逾期公布"),
        ResultInput(housing, first, "mostly", note="目录未及时更新"),
    ])  # fmt: skip
    finding_raise(
        actor=people["office"], round_=round_, organ=finance, line=second,
        problem="2025年度报告逾期公布", requirement="说明原因，完善年度报告编制流程",
        deadline=TODAY + timedelta(days=15), on=TODAY,
    )  # fmt: skip
    return round_


def test_the_bulletin_text(round_: InspectionRound) -> None:
    body = bulletin_body(round_, today=TODAY).splitlines()
    assert bulletin_title(round_) == "测试市人民政府关于2026年政务公开工作督查情况的通报"
    assert body[0].startswith("2026年3月2日至2026年3月22日，测试市人民政府对")
    assert "测试市财政局等2个单位开展了2026年政务公开工作督查" in body[0]
    assert "（二）测试市财政局" in body and "二、督查结果" in body
    assert "督查2项：符合1项，基本符合0项，不符合1项，不适用0项；发现问题1个。" in body
    assert "督查2项：符合0项，基本符合1项，不符合0项，不适用0项，尚未填写1项；发现问题0个。" in body
    problem = next(line for line in body if line.startswith("1.测试市财政局"))
    assert "整改期限：2026年3月17日。目前待整改。" in problem and "（督查要点：" in problem


def test_the_bulletin_docx_opened_back(round_: InspectionRound) -> None:
    import docx

    document = docx.Document(io.BytesIO(bulletin_docx(round_, today=TODAY)))
    section = document.sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))  # type: ignore[union-attr]
    margins = tuple(round(m.mm) for m in (section.top_margin, section.bottom_margin,  # type: ignore[union-attr]
                                          section.left_margin, section.right_margin))  # fmt: skip
    assert size == (210, 297) and margins == (37, 35, 28, 26)  # A4, GB/T 9704 5.2.1
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == bulletin_title(round_)
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    assert "三、发现的主要问题及整改要求" in texts and texts[-2] == "测试市人民政府"
    assert texts[-1] == "2026年3月2日"
    body = next(p for p in document.paragraphs if p.text.startswith("1.测试市财政局"))
    assert body.runs[0].font.name == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text == "（二）测试市财政局")
    assert heading.runs[0].font.name == "楷体_GB2312"


@pytest.mark.parametrize(
    ("line", "heading"),
    [("（一）测试市财政局", True), ("（一）预算公开", True),
     ("（一）公开部门预算。完成时限2026年4月1日，目前已完成。", False),
     ("（二）" + "很长" * 25, False), ("一、总体情况", False)],
)  # fmt: skip
def test_second_level_headings(line: str, heading: bool) -> None:
    assert is_heading2(line) is heading


def test_the_selfcheck_tells_the_findings(
    round_: InspectionRound, assign: Callable[..., Task], finance: Organ
) -> None:
    task = assign(finance, title="公开部门预算")
    draft = selfcheck_draft(task.plan, finance, today=TODAY + timedelta(days=30)).splitlines()
    at = draft.index("三、督查发现问题整改情况")
    assert draft[at + 1].startswith("1.2026年政务公开工作督查指出：2025年度报告逾期公布。")
    assert "已超过整改期限，尚未报送整改情况。" in draft[at + 1]
    assert draft[at + 2] == "四、存在的问题" and "五、下一步工作" in draft
