"""The sites' rules: host names, 网站标识码 and the accessible palette (WCAG 2.1 SC 1.4.3)."""

from __future__ import annotations

import pytest

from gongkai.sites import rules

ID_PATTERN = r"(\d{10}|bm\d{8})"


@pytest.mark.parametrize(("colour", "name"), rules.PALETTE)
def test_every_palette_colour_keeps_aa_contrast_with_white(colour: str, name: str) -> None:
    assert rules.contrast_ratio(colour, rules.WHITE) >= rules.MIN_CONTRAST
    assert rules.colour_problem(colour) == ""
    # The navigation bar's darker shade too.
    assert rules.contrast_ratio(rules.darker(colour), rules.WHITE) >= rules.MIN_CONTRAST


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
)
def test_contrast_ratio_follows_wcag(a: str, b: str, ratio: float) -> None:
    assert rules.contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    ("colour", "problem"),
    [
        ("#e53935", "对比度为 4.23:1"),  # a bright red: white text on it is too faint
        ("#ffcc00", "低于无障碍要求"),
        ("red", "#RRGGBB"),
        ("", "#RRGGBB"),
        ("#0b4a8f", ""),
    ],
)
def test_colour_problem(colour: str, problem: str) -> None:
    found = rules.colour_problem(colour)
    assert (problem in found) if problem else found == ""


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("jyj.localhost", "jyj.localhost"),
        ("  JYJ.Example.GOV.cn  ", "jyj.example.gov.cn"),
        ("jyj.example.gov.cn:8443", "jyj.example.gov.cn"),
        ("https://jyj.example.gov.cn/index.html", "jyj.example.gov.cn"),
        ("jyj.example.gov.cn.", "jyj.example.gov.cn"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("教育.岚城.cn", "xn--wcvs22d.xn--uis94i.cn"),
    ],
)
def test_normalise_host(raw: str, host: str) -> None:
    assert rules.normalise_host(raw) == (host, "")


@pytest.mark.parametrize("raw", ["", "   ", "jyj_edu.example.cn", "-jyj.example.cn", "a b.cn"])
def test_normalise_host_refuses_what_is_no_host_name(raw: str) -> None:
    host, problem = rules.normalise_host(raw)
    assert host == "" and "不是有效的域名" in problem


@pytest.mark.parametrize(
    ("host", "allowed", "ok"),
    [
        ("jyj.example.gov.cn", [".example.gov.cn"], True),
        ("example.gov.cn", [".example.gov.cn"], True),
        ("jyj.other.gov.cn", [".example.gov.cn", "www.other.gov.cn"], False),
        ("www.other.gov.cn", [".example.gov.cn", "www.other.gov.cn"], True),
    ],
)
def test_host_problem_follows_allowed_hosts(host: str, allowed: list[str], ok: bool) -> None:
    problem = rules.host_problem(host, allowed)
    assert (problem == "") is ok
    if not ok:
        assert "GONGKAI_ALLOWED_HOSTS" in problem


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("", True),
        ("9901000001", True),
        ("bm09000001", True),
        ("990100001", False),  # 9 digits
        ("99010000011", False),
        ("BM09000001", False),
        ("ab09000001", False),
    ],
)
def test_id_code_problem(code: str, ok: bool) -> None:
    assert (rules.id_code_problem(code, ID_PATTERN) == "") is ok
