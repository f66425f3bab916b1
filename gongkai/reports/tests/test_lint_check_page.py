"""年报体检 on the public 年度报告检查 page: findings shown beside the passage they point at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from gongkai.reports import definitions as d
from gongkai.reports.tests.golden import generate as gen
from gongkai.reports.tests.test_lint_patterns import narrative_only, per_line_pipes

pytestmark = pytest.mark.django_db

CHECK = "/reports/check/"


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_finding_is_shown_beside_its_sentence(client: Client) -> None:
    text = narrative_only(
        "青禾县林业局2022年政府信息公开工作年度报告", "全年收到政府信息公开申请12件，办结15件。"
    )
    page = client.post(CHECK, {"text": text}).content.decode()
    assert "年报体检：问题及其所在的原文" in page
    assert "<mark>全年收到政府信息公开申请12件,办结15件</mark>" in page
    assert "正文说办结15件，多于受理的12件" in page


def test_table_finding_without_a_sentence_and_doubts_apart(client: Client) -> None:
    fmt = "2019"
    _organ, year = gen.ORGANS[fmt]
    text = per_line_pipes(fmt, gen.expected(fmt)).replace(f"{year}年", "2022年")
    cut = text[: text.index(d.SECTION_HEADINGS[3])]
    page = client.post(CHECK, {"text": cut}).content.decode()
    assert "2022年度报告使用了2019年试行格式的表格" in page
    assert "不指向某一句原文" in page
    assert 'id="result-doubts"' in page and "不表示报告有误" in page


def test_clean_report_has_no_passages(client: Client) -> None:
    page = client.post(CHECK, {"text": per_line_pipes("2021", gen.expected("2021"))})
    html = page.content.decode()
    assert page.status_code == 200 and "年报体检：问题及其所在的原文" not in html
