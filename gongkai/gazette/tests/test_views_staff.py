"""Back office of the 公报: an issue made, filled through the picker, ordered, published and
withdrawn through the pages; another organ's staff get 403; refusals come back as messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.gazette import selectors
from gongkai.gazette.models import GazetteIssue, IssueStatus, Section

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(issue: GazetteIssue, name: str) -> str:
    return reverse("office_gazette:issue_act", args=[issue.pk, name])


def test_an_issue_through_the_pages(
    people: dict[str, Any], city: Any, make_item: Callable[..., Any]
) -> None:
    office = _as(people["office"])
    assert office.get(reverse("office_gazette:index")).status_code == 200
    form = {"organ": city.pk, "year": 2026, "number": 5, "issued_on": "2026-05-15"}
    response = office.post(reverse("office_gazette:issue_new"), form)
    issue = GazetteIssue.objects.get(organ=city, year=2026, number=5)
    assert response.status_code == 302 and response["Location"] == issue.get_office_url()
    # The same number again: refused with its message, nothing made.
    page = office.post(reverse("office_gazette:issue_new"), form, follow=True).content.decode()
    assert "2026年第5期已经存在，同一年度的期号不能使用两次" in page
    assert GazetteIssue.objects.filter(organ=city).count() == 1

    first = make_item("岚山市财政局关于做好预算公开工作的通知", doc_number="岚财〔2026〕3号")
    second = make_item("岚山市财政局关于规范政府采购的通知", doc_number="岚财〔2026〕4号")
    make_item("岚山市财政局未发布的草稿", published=False)
    url = issue.get_office_url()
    picker = office.get(url, {"q": "岚财"}).content.decode()
    assert first.title in picker and second.title in picker
    assert "未发布的草稿" not in picker
    section = Section.objects.get(name="部门文件")
    for item in (first, second):
        office.post(_act(issue, "add"), {"item": item.pk, "section": section.pk, "q": "岚财"})
    assert issue.entries.count() == 2
    # An item already in the issue is no longer offered.
    assert (
        first.title not in office.get(url, {"q": "预算"}).content.decode().split('id="picker"')[1]
    )
    later = issue.entries.get(item=second)
    office.post(_act(issue, "up"), {"entry": later.pk})
    later.refresh_from_db()
    assert later.position == 1
    office.post(_act(issue, "publish"))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PUBLISHED
    assert "已出版" in office.get(url).content.decode()
    page = office.post(_act(issue, "withdraw"), {"reason": ""}, follow=True).content.decode()
    assert "撤回理由" in page
    office.post(_act(issue, "withdraw"), {"reason": "期号有误。"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.WITHDRAWN


def test_another_organs_staff_get_403(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    stranger = _as(people["stranger"])
    assert stranger.get(issue.get_office_url()).status_code == 403
    assert stranger.post(_act(issue, "publish")).status_code == 403
    assert stranger.get(reverse("office_gazette:file", args=[issue.pk, "pdf"])).status_code == 403
    # A 采编 of the city edits items, not the 公报.
    assert _as(people["city_editor"]).get(reverse("office_gazette:index")).status_code == 403
    assert _as(people["city_editor"]).get(issue.get_office_url()).status_code == 403
    # Their own list does not show it.
    page = stranger.get(reverse("office_gazette:index")).content.decode()
    assert issue.label not in page
    assert issue.status == IssueStatus.DRAFT


def test_the_original_upload_is_checked(
    people: dict[str, Any], issue: GazetteIssue, pdf_bytes: bytes
) -> None:
    office = _as(people["office"])
    fake = SimpleUploadedFile("公报.pdf", b"<html><body>not a pdf</body></html>")
    page = office.post(_act(issue, "original"), {"original": fake}, follow=True).content.decode()
    assert "不是允许的类型" in page
    truncated = SimpleUploadedFile("公报.pdf", pdf_bytes[:-40])
    response = office.post(_act(issue, "original"), {"original": truncated}, follow=True)
    assert "不完整" in response.content.decode()
    issue.refresh_from_db()
    assert not issue.original
    good = SimpleUploadedFile("../../2026年第3期.pdf", pdf_bytes)
    office.post(_act(issue, "original"), {"original": good})
    issue.refresh_from_db()
    assert issue.original and issue.original_name == "2026年第3期.pdf"
    download = office.get(reverse("office_gazette:file", args=[issue.pk, "original"]))
    assert download.getvalue() == pdf_bytes


def test_publishing_an_empty_issue_says_why(people: dict[str, Any], issue: GazetteIssue) -> None:
    office = _as(people["office"])
    page = office.post(_act(issue, "publish"), follow=True).content.decode()
    assert "目录为空，不能出版" in page
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_a_withdrawn_item_cannot_be_added_through_the_page(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    draft = make_item(published=False)
    section = Section.objects.get(name="部门文件")
    page = _as(people["office"]).post(
        _act(issue, "add"), {"item": draft.pk, "section": section.pk}, follow=True
    )
    assert "只有已发布的主动公开信息才能编入公报" in page.content.decode()
    assert not selectors.entries_of(issue)
