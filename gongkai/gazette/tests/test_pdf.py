"""The issue's PDF opened back: A4 pages, the cover, the 目录 with page numbers, each entry's
title and 文号; the contents changing discards it; without a CJK font it says what to install."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from gongkai.gazette import pdf
from gongkai.gazette.models import GazetteIssue, IssueStatus, Section
from gongkai.gazette.services import issues

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points, rounded


def _needs_pdf() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint 不可用")
    if not pdf.cjk_font_installed():
        pytest.skip(f"没有中文字体（{pdf.FONT_PACKAGE}）")


def _filled(people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]) -> None:
    section = Section.objects.get(name="部门文件")
    regulation = Section.objects.get(name="规章")
    issues.entry_add(
        actor=people["office"],
        issue=issue,
        item=make_item("岚山市财政局关于做好预算公开工作的通知", doc_number="岚财〔2026〕3号"),
        section=section,
    )
    issues.entry_add(
        actor=people["office"],
        issue=issue,
        item=make_item("岚山市政府投资项目管理办法", doc_number="岚政规〔2026〕2号"),
        section=regulation,
    )


def test_the_pdf_is_an_a4_gazette_with_its_contents(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    _needs_pdf()
    _filled(people, issue, make_item)
    issue = issues.pdf_generate(actor=people["office"], issue=issue)
    with issue.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    assert issue.pdf_pages is not None
    assert len(reader.pages) == issue.pdf_pages >= 4  # cover, 目录, two entries
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4
    cover = reader.pages[0].extract_text()
    assert "岚山市人民政府公报" in cover and "2026年第3期" in cover and "总第45期" in cover
    toc = reader.pages[1].extract_text()
    assert "目 录" in toc and "【规章】" in toc and "【部门文件】" in toc
    # The sections keep their configured order; each line ends with its entry's page.
    assert toc.index("部门文件") < toc.index("规章")
    assert re.search(r"岚财〔2026〕3号）[ .]+3\n", toc)
    assert re.search(r"岚政规〔2026〕2号）[ .]+4\n", toc)
    text = "".join(page.extract_text() for page in reader.pages[2:])
    assert "岚山市财政局关于做好预算公开工作的通知" in text and "岚财〔2026〕3号" in text
    assert "岚山市政府投资项目管理办法" in text and "第一条" in text


def test_changing_the_contents_discards_the_pdf_and_publishing_lays_it_out(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    _needs_pdf()
    _filled(people, issue, make_item)
    issue = issues.pdf_generate(actor=people["office"], issue=issue)
    assert issue.pdf
    entry = issue.entries.order_by("pk").first()
    assert entry is not None
    issues.entry_remove(actor=people["office"], entry=entry)
    issue.refresh_from_db()
    assert not issue.pdf and issue.pdf_pages is None
    issue = issues.issue_publish(actor=people["office"], issue=issue)
    assert issue.status == IssueStatus.PUBLISHED and issue.pdf and issue.pdf_pages


def test_without_a_cjk_font_the_message_names_the_package(
    people: dict[str, Any],
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _filled(people, issue, make_item)
    monkeypatch.setattr(pdf, "cjk_font_installed", lambda: False)
    with pytest.raises(ValidationError, match="fonts-noto-cjk"):
        issues.pdf_generate(actor=people["office"], issue=issue)
    issue.refresh_from_db()
    assert not issue.pdf


def test_the_pdf_fetches_nothing(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    """A body's <img src> pointing at a local file or an internal address is not read."""
    _needs_pdf()
    _filled(people, issue, make_item)
    with pytest.raises(ValueError, match="不读取外部资源"):
        pdf._no_fetch("file:///etc/passwd")
    issue = issues.pdf_generate(actor=people["office"], issue=issue)
    assert issue.pdf_pages


def test_an_empty_issue_has_no_pdf(people: dict[str, Any], issue: GazetteIssue) -> None:
    with pytest.raises(ValidationError, match="目录为空，不能生成 PDF"):
        issues.pdf_generate(actor=people["office"], issue=issue)


def test_without_a_font_the_issue_is_published_and_gets_its_pdf_later(
    people: dict[str, Any],
    issue: GazetteIssue,
    make_item: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _needs_pdf()
    _filled(people, issue, make_item)
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "cjk_font_installed", lambda: False)
        issue = issues.issue_publish(actor=people["office"], issue=issue)
    assert issue.status == IssueStatus.PUBLISHED and not issue.pdf
    issue = issues.pdf_generate(actor=people["office"], issue=issue)
    assert issue.pdf_pages
    issues.issue_withdraw(actor=people["office"], issue=issue, reason="重排。")
    with pytest.raises(ValidationError, match="已撤回，不再生成 PDF"):
        issues.pdf_generate(actor=people["office"], issue=issue)
