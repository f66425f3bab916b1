"""Each rule of `rules.py`, a table of cases."""

from __future__ import annotations

import pytest

from gongkai.participation import rules
from gongkai.participation.rules import GroupLine

ADOPTED = GroupLine("放宽备案期限", "adopted", "")
NOT_ADOPTED_NO_REASON = GroupLine("取消押金", "not_adopted", " ")
NOT_ADOPTED = GroupLine("取消押金", "not_adopted", "押金制度由上位法规定。")


@pytest.mark.parametrize(
    ("text", "maximum", "refused"),
    [
        ("意见", 10, False),
        ("字" * 10, 10, False),
        ("字" * 11, 10, True),
        ("字" * 100_000, 2000, True),
    ],
)
def test_comment_length(text: str, maximum: int, refused: bool) -> None:
    problem = rules.comment_length_problem(text, maximum=maximum)
    assert bool(problem) is refused
    if refused:
        assert f"不能超过{maximum}字" in str(problem) and f"现为{len(text)}字" in str(problem)


@pytest.mark.parametrize(
    ("groups", "counted", "ungrouped", "expect"),
    [
        ([], 0, 0, None),  # no comments: a feedback saying so
        ([], 3, 3, "共收到3条意见"),
        ([ADOPTED], 3, 1, "还有1条意见未归类"),
        ([ADOPTED, NOT_ADOPTED_NO_REASON], 3, 0, "请说明理由"),
        ([GroupLine("x", "partly", "")], 1, 0, "请说明理由"),
        ([ADOPTED, NOT_ADOPTED], 3, 0, None),
    ],
)
def test_feedback(
    groups: list[GroupLine], counted: int, ungrouped: int, expect: str | None
) -> None:
    problem = rules.feedback_problem(groups=groups, counted=counted, ungrouped=ungrouped)
    assert (problem is None) if expect is None else (expect in str(problem))


@pytest.mark.parametrize(
    ("published", "ended", "expect"),
    [
        (False, False, "尚未届满"),
        (True, False, "尚未届满"),
        (False, True, "尚未公布采纳情况反馈"),
        (True, True, None),
    ],
)
def test_close(published: bool, ended: bool, expect: str | None) -> None:
    refusal = rules.close_refusal(feedback_published=published, ended=ended)
    assert (refusal is None) if expect is None else (expect in str(refusal))


@pytest.mark.parametrize(
    ("public", "same_tree", "expect"),
    [(True, True, None), (False, True, "已公开发布"), (True, False, "本机关、上级政府或下属机关")],
)
def test_final_item(public: bool, same_tree: bool, expect: str | None) -> None:
    refusal = rules.final_item_refusal(item_public=public, same_tree=same_tree)
    assert (refusal is None) if expect is None else (expect in str(refusal))


@pytest.mark.parametrize(
    ("disclosure", "item_public", "summary", "expect"),
    [
        ("full", True, "", None),
        ("full", False, "", "请改为摘要公开"),
        ("full", None, "", "须关联"),
        ("summary", None, "答复要点。", None),
        ("summary", False, "  ", "须填写摘要"),
        ("", True, "", "请选择"),
    ],
)
def test_reply_disclosure(
    disclosure: str, item_public: bool | None, summary: str, expect: str | None
) -> None:
    problem = rules.reply_disclosure_problem(
        disclosure=disclosure, item_public=item_public, summary=summary
    )
    assert (problem is None) if expect is None else (expect in str(problem))


@pytest.mark.parametrize(
    ("answered", "ip_answers", "cap", "expect"),
    [
        (False, 0, 20, None),
        (True, 0, 20, "已经参与过"),
        (False, 20, 20, "已达上限"),
        (False, 19, 20, None),
    ],
)
def test_survey_answer(answered: bool, ip_answers: int, cap: int, expect: str | None) -> None:
    refusal = rules.survey_answer_refusal(
        already_answered=answered, ip_answers=ip_answers, ip_cap=cap
    )
    assert (refusal is None) if expect is None else (expect in str(refusal))


def test_results_are_public_only_after_closing() -> None:
    assert rules.results_public(closed=True) and not rules.results_public(closed=False)
