"""Public pages of the 公报: the archive by year, an issue with its 目录导航 and downloads,
检索公报, and the 标准文本 statement on the item's page (and its page-cache tag bumped)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.gazette.models import GazetteIssue, Section
from gongkai.gazette.services import issues

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any], pdf_bytes: bytes
) -> GazetteIssue:
    section = Section.objects.get(name="部门文件")
    for title, number in (
        ("岚山市财政局关于做好预算公开工作的通知", "岚财〔2026〕3号"),
        ("岚山市财政局关于规范政府采购的通知", "岚财〔2026〕4号"),
    ):
        item = make_item(title, doc_number=number)
        issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    issues.original_upload(actor=people["office"], issue=issue, name="原版.pdf", data=pdf_bytes)
    return issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)


def test_archive_by_year(published: GazetteIssue, people: dict[str, Any], city: Any) -> None:
    draft = issues.issue_create(
        actor=people["office"],
        organ=city,
        year=2026,
        number=4,
        issued_on=date(2026, 4, 1),
        today=date(2026, 4, 1),
    )
    page = Client().get(reverse("gazette:index")).content.decode()
    assert "《岚山市人民政府公报》" in page and "2026年第3期（总第45期）" in page
    year = Client().get(reverse("gazette:year", args=[city.pk, 2026])).content.decode()
    assert published.get_absolute_url() in year and draft.get_absolute_url() not in year
    assert "2026年共出版1期" in year
    assert Client().get(reverse("gazette:year", args=[city.pk, 2019])).status_code == 404


def test_issue_page_with_its_toc_and_downloads(published: GazetteIssue, pdf_bytes: bytes) -> None:
    page = Client().get(published.get_absolute_url()).content.decode()
    entries = list(published.entries.order_by("position"))
    for entry in entries:
        assert f'href="#{entry.anchor}"' in page and f'id="{entry.anchor}"' in page
        assert entry.item.get_absolute_url() in page
    assert "【部门文件】" in page and "岚财〔2026〕4号" in page
    original = reverse("gazette:file", args=[published.pk, "original"])
    assert original in page
    assert Client().get(original).getvalue() == pdf_bytes
    # No PDF was generated (make_pdf=False): no link, and the URL answers 404.
    assert Client().get(reverse("gazette:file", args=[published.pk, "pdf"])).status_code == 404


def test_a_draft_issue_is_not_public(people: dict[str, Any], issue: GazetteIssue) -> None:
    assert Client().get(issue.get_absolute_url()).status_code == 404
    assert Client().get(reverse("gazette:file", args=[issue.pk, "original"])).status_code == 404


def test_a_withdrawn_issue_says_so(people: dict[str, Any], published: GazetteIssue) -> None:
    issues.issue_withdraw(actor=people["office"], issue=published, reason="期号有误。")
    page = Client().get(published.get_absolute_url()).content.decode()
    assert "本期公报已于" in page and "期号有误" in page
    assert "岚财〔2026〕3号" not in page
    assert Client().get(reverse("gazette:file", args=[published.pk, "original"])).status_code == 404


def test_search_within_the_gazette(published: GazetteIssue, make_item: Callable[..., Any]) -> None:
    make_item("岚山市财政局关于预算执行的通知", doc_number="岚财〔2026〕9号")  # not in any issue
    page = Client().get(reverse("gazette:search"), {"q": "预算"}).content.decode()
    assert "共找到 1 篇" in page and "做好预算公开工作" in page and "预算执行" not in page
    by_number = Client().get(reverse("gazette:search"), {"q": "岚财〔2026〕4号"}).content.decode()
    assert "规范政府采购" in by_number and "2026年第3期" in by_number
    none = Client().get(reverse("gazette:search"), {"q": "预算", "year": "2025"}).content.decode()
    assert "共找到 0 篇" in none
    bad = Client().get(reverse("gazette:search"), {"year": "二〇二六"})
    assert bad.status_code == 200 and "请检查输入" in bad.content.decode()


def test_the_item_page_names_the_issue(
    people: dict[str, Any], published: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    entry = published.entries.order_by("position").first()
    assert entry is not None
    page = Client().get(entry.item.get_absolute_url()).content.decode()
    assert (
        "本文已刊登于" in page
        and "《岚山市人民政府公报》2026年第3期" in page
        and "（标准文本）" in page
    )
    assert f"{published.get_absolute_url()}#{entry.anchor}" in page
    elsewhere = make_item("岚山市财政局关于其他事项的通知", doc_number="岚财〔2026〕7号")
    assert "本文已刊登于" not in Client().get(elsewhere.get_absolute_url()).content.decode()
    issues.issue_withdraw(actor=people["office"], issue=published, reason="期号有误。")
    assert "本文已刊登于" not in Client().get(entry.item.get_absolute_url()).content.decode()


def test_publish_and_withdraw_bump_the_item_pages(
    people: dict[str, Any],
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bumped: list[tuple[str, ...]] = []
    monkeypatch.setattr(issues, "bump_on_commit", lambda *tags: bumped.append(tags))
    item = make_item()
    issues.entry_add(
        actor=people["office"], issue=issue, item=item, section=Section.objects.get(name="规章")
    )
    issue = issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)
    issues.issue_withdraw(actor=people["office"], issue=issue, reason="重排。")
    assert bumped == [(f"item:{item.pk}",), (f"item:{item.pk}",)]
