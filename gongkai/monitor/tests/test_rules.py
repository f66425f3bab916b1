"""Each inspection rule with a table of cases (legal-rules §4; 国办秘函〔2019〕19号)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.monitor import rules
from gongkai.monitor.detect.dates import find_dates

TODAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("probes", "failed", "fails"),
    [(0, 0, False), (140, 6, False), (140, 7, True), (100, 5, True), (100, 4, False), (1, 1, True)],
)
def test_unreachable_five_percent_inclusive(probes: int, failed: int, fails: bool) -> None:
    assert rules.unreachable(probes=probes, failed=failed).fails is fails


@pytest.mark.parametrize(
    ("newest", "fails"),
    [
        (None, True),
        (date(2026, 6, 16), False),
        (date(2026, 6, 15), True),
        (date(2026, 6, 30), False),
    ],
)
def test_homepage_two_weeks(newest: date | None, fails: bool) -> None:
    outcome = rules.homepage_stale(newest=newest, today=TODAY)
    assert outcome.fails is fails
    if newest is None:
        assert "未注明发布时间的视为不更新" in outcome.reason


@pytest.mark.parametrize(
    ("kind", "override", "window"),
    [("news", None, 14), ("notice", None, 183), ("policy", None, 183), ("personnel", None, 365),
     ("plan", None, 365), ("interaction", None, None), ("other", None, None), ("news", 30, 30)],
)  # fmt: skip
def test_column_windows(kind: str, override: int | None, window: int | None) -> None:
    assert rules.column_window(kind, override) == window


@pytest.mark.parametrize(
    ("newest", "window", "stale"),
    [(None, 14, True), (date(2026, 6, 16), 14, False), (date(2026, 6, 1), 14, True),
     (date(2025, 1, 1), None, False), (None, None, False)],
)  # fmt: skip
def test_column_is_stale(newest: date | None, window: int | None, stale: bool) -> None:
    assert rules.column_is_stale(newest=newest, window=window, today=TODAY) is stale


@pytest.mark.parametrize(
    ("kind", "first", "counted"),
    [("news", False, True), ("notice", True, True), ("notice", False, False),
     ("policy", True, True), ("personnel", True, False)],
)  # fmt: skip
def test_first_rule_counts_news_and_first_level_notice_policy(
    kind: str, first: bool, counted: bool
) -> None:
    assert rules.counts_for_first_rule(kind, first) is counted


@pytest.mark.parametrize(
    ("key", "long", "blank", "fails"),
    [(4, 0, 0, False), (5, 0, 0, True), (0, 9, 0, False), (0, 10, 0, True), (0, 0, 4, False),
     (0, 0, 5, True), (0, 6, 4, True)],
)  # fmt: skip
def test_columns_veto(key: int, long: int, blank: int, fails: bool) -> None:
    assert rules.columns_stale(key_stale=key, long_stale=long, blank=blank).fails is fails


@pytest.mark.parametrize(
    ("channel", "oldest", "fails"),
    [(False, None, True), (True, None, False), (True, date(2026, 3, 30), False),
     (True, date(2026, 3, 29), True), (True, date(2026, 1, 1), True)],
)  # fmt: skip
def test_interaction_three_months(channel: bool, oldest: date | None, fails: bool) -> None:
    assert (
        rules.interaction(has_channel=channel, oldest_unanswered=oldest, today=TODAY).fails is fails
    )


def test_add_months_at_month_ends() -> None:
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("host", "kind", "ok"),
    [("www.hangzhou.gov.cn", "portal", True), ("mzj.hangzhou.gov.cn", "department", True),
     ("hangzhou.gov.cn", "portal", False), ("www.hangzhou.com", "portal", False),
     ("hangzhou.gov.cn", "department", False), ("www.gov.cn", "portal", True)],
)  # fmt: skip
def test_domain_rules_of_2017_47(host: str, kind: str, ok: bool) -> None:
    assert (rules.domain_problem(host, kind=kind) == "") is ok


def test_score_caps_each_item_and_verdict() -> None:
    # dead links: 0.5 a link, at most 10; 40 dead links cost 10, not 20
    assert rules.score({"dead_links": 20.0}) == 90.0
    assert rules.score({"column_stale": 50.0, "dead_links": 50.0, "integrity": 50.0}) == 60.0
    assert rules.verdict(vetoes=["首页不更新"], points=95)[0] == "fail"
    assert rules.verdict(vetoes=[], points=59.5)[0] == "fail"
    assert rules.verdict(vetoes=[], points=60)[0] == "pass"


def test_dead_link_target() -> None:
    assert rules.dead_link_ratio_ok(dead=0, total=0)
    assert rules.dead_link_ratio_ok(dead=0, total=100)
    assert not rules.dead_link_ratio_ok(dead=1, total=100)


@pytest.mark.parametrize(
    ("text", "found"),
    [("发布时间：2024-05-06", [date(2024, 5, 6)]), ("2024年5月6日印发", [date(2024, 5, 6)]),
     ("[2024/05/06]", [date(2024, 5, 6)]), ("2024.5.6", [date(2024, 5, 6)]),
     ("今天是2026年6月30日 星期二", []), ("2026-06-30 星期二", []), ("2024-02-30", []),
     ("2027-01-01", []), ("电话 0571-2024-0506", [])],
)  # fmt: skip
def test_dates_on_pages(text: str, found: list[date]) -> None:
    assert find_dates(text, today=TODAY) == found
