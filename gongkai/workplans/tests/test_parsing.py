"""The 工作要点 parser: headings of three levels and the organs in parentheses after a point."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.workplans.parsing import (
    is_organ_group,
    paragraphs,
    parse_plan,
    split_leads,
    trailing_group,
)

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "004_a1aae2c1fbd66606.txt"


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("市政府办公室牵头，各县区政府负责", [("市政府办公室", True), ("各县区政府", True)]),
        ("市财政局牵头，市住建局配合", [("市财政局", True), ("市住建局", False)]),
        (
            "各县（区、市）人民政府、开发区管委会、市直各单位",
            [("各县（区、市）人民政府", True), ("开发区管委会", True), ("市直各单位", True)],
        ),
        (
            "市级重点领域政务公开指导部门：市发改委、市经信委；各县（区、市）人民政府参照落实。",
            [("市发改委", True), ("市经信委", True), ("各县（区、市）人民政府", False)],
        ),
        ("市政务大厅;市直相关单位参照落实", [("市政务大厅", True), ("市直相关单位", False)]),
    ],
)
def test_split_leads(inner: str, expected: list[tuple[str, bool]]) -> None:
    assert [(lead.phrase, lead.lead) for lead in split_leads(inner)] == expected


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("做好目录编制。（市政府办公室牵头）", "市政府办公室牵头"),
        ("做好目录编制。(各县(区、市)人民政府)", "各县（区、市）人民政府"),
        ("做好目录编制（市财政局）。", "市财政局"),
        ("按照国办发〔2016〕80号要求（国办发〔2016〕80号）", None),
        ("《条例》（以下简称条例）", None),
        ("没有括号", None),
    ],
)
def test_trailing_group_is_an_organ_group_or_not(text: str, group: str | None) -> None:
    from gongkai.workplans.parsing import normalise

    found = trailing_group(normalise(text))
    got = found[1] if found and is_organ_group(found[1]) else None
    assert got == group


def test_a_group_broken_over_paragraphs_is_joined() -> None:
    lines = paragraphs("正文。（市政务大厅；各县人民政府、市直相关\n\n单位参照落实。）\n下一段")
    assert lines == ["正文。（市政务大厅；各县人民政府、市直相关单位参照落实。）", "下一段"]


def test_headings_bodies_and_leads() -> None:
    plan = parse_plan(
        "某市2026年政务公开工作要点\n导语一段。\n"
        "一、推进法治政府建设\n"
        "（一）推行主动公开目录\n编制目录。\n（市政府办公室牵头，各县区政府负责）\n"
        "(二)做好重点领域公开\n"
        "一是推进财政信息公开。财政部门公开预决算。（市财政局）\n"
        "二是推进教育信息公开。（市教育局）\n"
        "二、加强平台建设（市政府办公室）\n"
        "1.完善网站。加强管理。\n"
    )
    assert plan.title == "某市2026年政务公开工作要点" and plan.preamble == "导语一段。"
    walked = [(p.level, p.number, p.title, p.lead_text) for p in plan.walk()]
    assert walked == [
        (1, "一、", "推进法治政府建设", ""),
        (2, "（一）", "推行主动公开目录", "市政府办公室牵头，各县区政府负责"),
        (2, "（二）", "做好重点领域公开", ""),
        (3, "一是", "推进财政信息公开", "市财政局"),
        (3, "二是", "推进教育信息公开", "市教育局"),
        (1, "二、", "加强平台建设", "市政府办公室"),
        (3, "1.", "完善网站", ""),
    ]
    first = plan.points[0].children[0]
    assert first.body == "编制目录。"
    assert plan.points[0].children[1].children[0].body == "财政部门公开预决算。"
    assert plan.phrases() == ["市政府办公室", "各县区政府", "市财政局", "市教育局"]


def test_text_without_headings_has_no_points() -> None:
    assert parse_plan("只有一段文字，没有任何条目。").points == []
    assert parse_plan("").points == []


def test_the_jinzhong_2018_seed_when_present() -> None:
    """The seed (read, never copied): 4 parts, their sections and the 11 一是 … 十一是 points,
    each section with its organs."""
    if not SEED.exists():
        pytest.skip("seed not present")
    plan = parse_plan(SEED.read_text(encoding="utf-8"))
    levels = [p.level for p in plan.walk()]
    assert levels.count(1) == 4 and levels.count(3) == 11
    sections = [p for p in plan.walk() if p.level == 2]
    assert len(sections) == 21
    with_leads = [p for p in plan.walk() if p.leads]
    assert len(with_leads) >= 28
    assert "市发改委" in plan.phrases() and "各县（区、市）人民政府" in plan.phrases()
