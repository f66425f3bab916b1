"""The rules that are not time rules (rules.py): a table of cases each."""

from __future__ import annotations

import pytest

from gongkai.mailbox import rules


@pytest.mark.parametrize(
    ("current", "target", "visited", "by_office", "refused"),
    [
        (2, 3, set(), False, ""),
        (2, 2, set(), False, "当前办理机关本身"),
        (3, 2, {2}, False, "不能再转回"),  # 2 → 3 → 2: a loop
        (3, 2, {2}, True, ""),  # the mailbox's 公开办 coordinates: it may
        (4, 5, {2, 3}, False, ""),
    ],
)
def test_transfer_refusal(
    current: int, target: int, visited: set[int], by_office: bool, refused: str
) -> None:
    reason = rules.transfer_refusal(
        current=current, target=target, visited=visited, by_office=by_office
    )
    assert (reason or "") if refused else reason is None
    if refused:
        assert refused in (reason or "")


@pytest.mark.parametrize(
    ("consent", "status", "marks", "refused"),
    [
        (True, "answered", 0, ""),
        (True, "rated", 0, ""),
        (False, "rated", 0, "未同意公开"),
        (True, "processing", 0, "答复后才能公开"),
        (True, "invalid", 0, "答复后才能公开"),
        (True, "archived", 1, "密级"),
    ],
)
def test_publication_refusal(consent: bool, status: str, marks: int, refused: str) -> None:
    reason = rules.publication_refusal(consent=consent, status=status, secrecy_marks=marks)
    if refused:
        assert refused in (reason or "")
    else:
        assert reason is None


def test_length() -> None:
    assert rules.length_problem("字" * 3000, maximum=3000) is None
    assert rules.length_problem("字" * 100_000, maximum=3000) == (
        "留言内容不能超过3000字（现为100000字）。较长的材料请作为附件上传。"
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("路灯不亮，请维修。", "路灯不亮 请维修", True),
        ("幸福路路灯坏了一个多月，请尽快维修。", "幸福路路灯坏了一个多月,请尽快维修!", True),
        ("路灯不亮", "公交线路太少", False),
        ("", "", False),
    ],
)
def test_similar(a: str, b: str, same: bool) -> None:
    assert rules.similar(a, b) is same


@pytest.mark.parametrize(
    ("text", "hits", "spam"),
    [
        ("请维修路灯", [], False),
        ("访问 http://a.example http://b.example www.c.example", [], True),
        ("代开发票 http://a.example", ["代开发票"], True),
        ("附近有人网络赌博，请查处", ["网络赌博"], False),  # a citizen reporting it: not spam
    ],
)
def test_spam_suspected(text: str, hits: list[str], spam: bool) -> None:
    assert rules.spam_suspected(text, hits) is spam
