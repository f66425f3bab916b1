"""修改期次信息 of a draft issue (service and page): the numbering rules of 新建 again (the issue
itself aside), a refusal writes nothing, a published issue keeps what was printed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.gazette.models import GazetteIssue, Section
from gongkai.gazette.services import issues

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def _edit(actor: Any, issue: GazetteIssue, **kw: Any) -> GazetteIssue:
    values: dict[str, Any] = {
        "year": issue.year,
        "number": issue.number,
        "total_number": issue.total_number,
        "issued_on": issue.issued_on,
    }
    values.update(kw)
    return issues.issue_edit(actor=actor, issue=issue, today=TODAY, **values)


def _fields(issue: GazetteIssue) -> tuple[Any, ...]:
    issue.refresh_from_db()
    return (issue.year, issue.number, issue.total_number, issue.issued_on, str(issue.original))


def _edits(issue: GazetteIssue) -> int:
    return AuditEvent.objects.filter(action="gazette_issue.edit", object_id=str(issue.pk)).count()


def _publish(people: dict[str, Any], issue: GazetteIssue, item: Any) -> GazetteIssue:
    section = Section.objects.get(name="部门文件")
    issues.entry_add(actor=people["office"], issue=issue, item=item, section=section)
    return issues.issue_publish(actor=people["office"], issue=issue, make_pdf=False)


def _with_pdf(issue: GazetteIssue) -> GazetteIssue:
    issue.pdf.save("gazette.pdf", ContentFile(b"%PDF-1.7 old"), save=False)
    issue.pdf_pages = 1
    issue.save()
    return issue


# ---- the service -----------------------------------------------------------------------------


def test_a_draft_is_renumbered_and_redated_with_its_audit_row(
    people: dict[str, Any], issue: GazetteIssue
) -> None:
    # A PDF laid out under the old label prints the wrong 期次: it goes with the change.
    issue.pdf.save("gazette.pdf", ContentFile(b"%PDF-1.7 old"), save=False)
    issue.pdf_pages = 1
    issue.save()
    edited = _edit(people["reviewer"], issue, number=4, total_number=46, issued_on=date(2026, 4, 1))
    assert _fields(edited)[:4] == (2026, 4, 46, date(2026, 4, 1))
    assert not edited.pdf and edited.pdf_pages is None
    row = AuditEvent.objects.get(action="gazette_issue.edit", object_id=str(issue.pk))
    assert row.data["before"] == "2026年第3期（总第45期）"
    assert row.data["label"] == "2026年第4期（总第46期）"
    assert row.data["issued_on"] == "2026-04-01"


def test_nothing_changed_writes_nothing(people: dict[str, Any], issue: GazetteIssue) -> None:
    assert _edit(people["office"], _with_pdf(issue)).pdf  # the PDF still shows the issue
    assert _edits(issue) == 0


def test_a_new_date_alone_discards_the_pdf(people: dict[str, Any], issue: GazetteIssue) -> None:
    edited = _edit(people["office"], _with_pdf(issue), issued_on=date(2026, 3, 20))
    assert not edited.pdf and _edits(issue) == 1  # the cover prints the 出版日期


def test_the_total_number_may_be_dropped(people: dict[str, Any], issue: GazetteIssue) -> None:
    assert _edit(people["office"], issue, total_number=None).label == "2026年第3期"


def test_a_number_another_issue_holds_is_refused_and_nothing_written(
    people: dict[str, Any], city: Any, other: Any, issue: GazetteIssue
) -> None:
    later = issues.issue_create(
        actor=people["office"], organ=city, year=2026, number=4, total_number=46,
        issued_on=date(2026, 4, 15), today=TODAY,
    )  # fmt: skip
    before = _fields(later)
    with pytest.raises(ValidationError, match="2026年第3期已经存在，同一年度的期号不能使用两次"):
        _edit(people["office"], later, number=3, issued_on=date(2026, 4, 20))
    with pytest.raises(ValidationError, match="总第45期已经存在，总期号不能使用两次"):
        _edit(people["office"], later, total_number=45)
    assert _fields(later) == before and _edits(later) == 0
    # Another organ's 公报, or another year, numbers its own issues.
    theirs = issues.issue_create(
        actor=people["stranger"], organ=other, year=2026, number=9, issued_on=date(2026, 3, 1),
        today=TODAY,
    )  # fmt: skip
    assert _edit(people["stranger"], theirs, number=3).number == 3
    moved = _edit(people["office"], later, year=2025, number=3, issued_on=date(2025, 12, 1))
    assert (moved.year, moved.number) == (2025, 3)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"number": 0}, "期号应为1至366之间的整数"),
        ({"issued_on": date(2025, 12, 30)}, "不在2026年内"),
        ({"issued_on": None}, "请填写出版日期"),
        ({"year": 2031, "issued_on": date(2031, 1, 1)}, "年份应在"),
        ({"total_number": 0}, "总期号应为正整数"),
    ],
)
def test_bad_input_is_refused(
    people: dict[str, Any], issue: GazetteIssue, kw: dict[str, Any], message: str
) -> None:
    before = _fields(issue)
    with pytest.raises(ValidationError, match=message):
        _edit(people["office"], issue, **kw)
    assert _fields(issue) == before and _edits(issue) == 0


def test_only_the_organs_office_or_reviewer_edits(
    people: dict[str, Any], issue: GazetteIssue
) -> None:
    for name in ("editor", "city_editor", "stranger"):
        with pytest.raises(PermissionDenied):
            _edit(people[name], issue, number=8)
    assert issue.number == 3 and _edits(issue) == 0


def test_a_published_issue_keeps_its_number(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    issue = _publish(people, issue, make_item())
    with pytest.raises(ValidationError, match="本期公报已出版，期次信息不能再修改"):
        _edit(people["office"], issue, number=8)
    assert _fields(issue)[1] == 3 and _edits(issue) == 0


def test_a_bad_original_rolls_the_whole_edit_back(
    people: dict[str, Any], issue: GazetteIssue, pdf_bytes: bytes
) -> None:
    before = _fields(issue)
    with pytest.raises(ValidationError):
        _edit(people["office"], issue, number=8, original=("原版.pdf", b"<html>not a pdf</html>"))
    assert _fields(issue) == before and _edits(issue) == 0
    edited = _edit(people["office"], issue, number=8, original=("第8期.pdf", pdf_bytes))
    assert edited.number == 8 and edited.original_name == "第8期.pdf"
    with edited.original.open("rb") as stored:
        assert stored.read() == pdf_bytes


# ---- the page --------------------------------------------------------------------------------


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(issue: GazetteIssue) -> str:
    return reverse("office_gazette:issue_edit", args=[issue.pk])


def _form(**kw: Any) -> dict[str, Any]:
    return {"year": 2026, "number": 3, "total_number": 45, "issued_on": "2026-03-15", **kw}


def test_the_page_edits_a_draft(people: dict[str, Any], issue: GazetteIssue) -> None:
    office = _as(people["office"])
    assert _url(issue) in office.get(issue.get_office_url()).content.decode()
    form = office.get(_url(issue)).content.decode()
    assert '<label for="id_number"' in form and 'value="45"' in form
    assert 'value="2026-03-15"' in form  # a date input shows only an ISO value
    response = office.post(_url(issue), _form(number=5, issued_on="2026-05-15"))
    assert response.status_code == 302 and response["Location"] == issue.get_office_url()
    assert _fields(issue)[1:4] == (5, 45, date(2026, 5, 15))
    page = office.get(issue.get_office_url()).content.decode()
    assert "已保存《岚山市人民政府公报》2026年第5期（总第45期）的期次信息" in page


def test_the_page_refuses_a_duplicate_with_its_message(
    people: dict[str, Any], city: Any, issue: GazetteIssue, pdf_bytes: bytes
) -> None:
    later = issues.issue_create(
        actor=people["office"], organ=city, year=2026, number=4, issued_on=date(2026, 4, 15)
    )
    before = _fields(later)
    office = _as(people["office"])
    upload = SimpleUploadedFile("原版.pdf", pdf_bytes)
    response = office.post(
        _url(later), _form(number=3, total_number="", issued_on="2026-04-15", original=upload)
    )
    assert response.status_code == 400
    assert "2026年第3期已经存在，同一年度的期号不能使用两次" in response.content.decode()
    assert _fields(later) == before and _edits(later) == 0
    # A form the browser could send wrong: said, nothing written.
    response = office.post(_url(later), _form(number="", issued_on="明天"))
    assert response.status_code == 400 and "期号" in response.content.decode()
    assert _fields(later) == before


def test_a_published_issue_page_has_no_edit(
    people: dict[str, Any], issue: GazetteIssue, make_item: Callable[..., Any]
) -> None:
    issue = _publish(people, issue, make_item())
    office = _as(people["office"])
    assert _url(issue) not in office.get(issue.get_office_url()).content.decode()
    response = office.post(_url(issue), _form(number=8), follow=True)
    assert "本期公报已出版，期次信息不能再修改" in response.content.decode()
    assert response.redirect_chain[-1][0] == issue.get_office_url()
    assert _fields(issue)[1] == 3


def test_other_staff_get_403(people: dict[str, Any], issue: GazetteIssue) -> None:
    for name in ("stranger", "city_editor"):
        client = _as(people[name])
        assert client.get(_url(issue)).status_code == 403
        assert client.post(_url(issue), _form(number=8)).status_code == 403
    assert _fields(issue)[1] == 3
