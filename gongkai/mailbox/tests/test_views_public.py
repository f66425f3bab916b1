"""Public pages: write (robots, limits, bad input), lookup (no leak, brute force), rating, the
published letters and the statistics with their XLSX export."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.mailbox.models import Channel, Letter, Status
from gongkai.mailbox.services import publication as pub
from gongkai.mailbox.services import workflow as wf
from gongkai.mailbox.views.public import STARTED_SALT
from gongkai.orgs.models import Organ

pytestmark = pytest.mark.django_db


@pytest.fixture
def mid_window() -> Iterator[None]:
    """Rate limits count in fixed windows (an hour, 15 minutes): a test that counts starts
    well inside one, whatever the clock says, so it never straddles a window's end."""
    with time_machine.travel(datetime(2026, 3, 2, 10, 20, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _form(**over: Any) -> dict[str, Any]:
    data = {
        "letter_type": "complaint",
        "title": "小区门口道路积水",
        "body": "幸福路12号小区门口每逢下雨积水严重，请尽快处理。",
        "name": "王芳",
        "phone": "13912345678",
        "consent_publish": "on",
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "client_token": "",
    }
    data.update(over)
    return data


def test_write_registers_and_shows_the_code(client: Any, mayor_box: Channel) -> None:
    page = client.get(reverse("mailbox:write", args=[mayor_box.pk]))
    assert page.status_code == 200 and "留言须知" in page.content.decode()
    assert "投诉 15个工作日" in page.content.decode()  # the periods shown before writing
    response = client.post(reverse("mailbox:write", args=[mayor_box.pk]), _form(), follow=True)
    letter = Letter.objects.get()
    assert letter.status == Status.SCREENING and letter.consent_publish
    assert letter.query_code in response.content.decode()


def test_honeypot_and_fill_time(client: Any, mayor_box: Channel) -> None:
    url = reverse("mailbox:write", args=[mayor_box.pk])
    assert client.post(url, _form(website="http://spam")).status_code == 400
    fast = client.post(url, _form(started=signing.dumps(time.time(), salt=STARTED_SALT)))
    assert fast.status_code == 400 and "提交过快" in fast.content.decode()
    assert client.post(url, _form(started="forged")).status_code == 400
    assert not Letter.objects.exists()


def test_a_letter_of_100000_characters_is_refused_with_the_limit(
    client: Any, mayor_box: Channel
) -> None:
    response = client.post(
        reverse("mailbox:write", args=[mayor_box.pk]), _form(body="长" * 100_000)
    )
    assert response.status_code == 400
    assert "留言内容不能超过3000字（现为100000字）" in response.content.decode()
    assert not Letter.objects.exists()


def test_xss_in_every_field_is_shown_as_text(
    client: Any, mayor_box: Channel, people: dict[str, Any], dept: Organ
) -> None:
    client.post(
        reverse("mailbox:write", args=[mayor_box.pk]),
        _form(title=XSS[:90], body=XSS * 3, name="<b>王芳</b>", address="<i>幸福路12号</i>"),
    )
    letter = Letter.objects.get()
    assert letter.title == XSS[:90]  # stored as typed: it is text, not HTML
    client.force_login(people["office"])
    url = reverse("office_mailbox:letter", args=[letter.pk])
    staff = client.get(url, {"reveal": "1"}).content.decode()
    assert "<script>alert" not in staff and "&lt;script&gt;alert" in staff
    assert "<img src=x" not in staff and "<b>王芳" not in staff and "&lt;b&gt;王芳" in staff
    assert "<i>幸福路" not in staff
    letter = wf.letter_accept(actor=people["office"], letter=letter)
    letter = wf.letter_submit_reply(actor=people["office"], letter=letter, text=XSS * 2)
    letter = wf.letter_approve_reply(actor=people["city_leader"], letter=letter)
    pub.letter_publish(actor=people["office"], letter=letter)
    public = client.get(reverse("mailbox:letter", args=[letter.pk])).content.decode()
    assert "<script>alert" not in public and "&lt;script&gt;" in public
    listing = client.get(reverse("mailbox:index")).content.decode()
    assert "<script>alert" not in listing


def test_a_flood_from_one_address_gets_429_in_chinese(
    client: Any, mayor_box: Channel, mid_window: None
) -> None:
    url = reverse("mailbox:write", args=[mayor_box.pk])
    codes = []
    for n in range(7):
        phone = f"1391234{n:04d}"
        codes.append(client.post(url, _form(phone=phone, title=f"积水{n}")).status_code)
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    page = client.post(url, _form(phone="13900000000"))
    assert page.status_code == 429 and "过于频繁" in page.content.decode()
    assert Letter.objects.count() == 5


def test_one_writer_is_limited_per_day(client: Any, mayor_box: Channel, mid_window: None) -> None:
    url = reverse("mailbox:write", args=[mayor_box.pk])
    for n in range(3):
        assert (
            client.post(
                url, _form(title=f"第{n}件事", body=f"第{n}件事的详细情况说明。")
            ).status_code
            == 302
        )
    page = client.post(url, _form(title="第4件事", body="第4件事的详细情况说明。"))
    assert page.status_code == 429 and "24小时内最多提交3件" in page.content.decode()


def test_attachments_are_checked_as_in_the_catalog(client: Any, mayor_box: Channel) -> None:
    url = reverse("mailbox:write", args=[mayor_box.pk])
    fake = SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>")
    response = client.post(url, _form(attachments=fake))
    assert response.status_code == 400 and "不是允许的类型" in response.content.decode()
    png = SimpleUploadedFile("现场.png", _png())
    assert client.post(url, _form(attachments=png)).status_code == 302
    attachment = Letter.objects.get().attachments.get()
    assert attachment.kind == "png" and attachment.name == "现场.png"
    assert "现场" not in str(attachment.file.name)  # never the writer's name on disk


def test_too_many_or_too_large_attachments(client: Any, mayor_box: Channel, settings: Any) -> None:
    url = reverse("mailbox:write", args=[mayor_box.pk])
    files = [SimpleUploadedFile(f"{n}.png", _png()) for n in range(4)]
    response = client.post(url, _form(attachments=files))
    assert response.status_code == 400 and "最多上传3个附件" in response.content.decode()
    settings.GONGKAI = {**settings.GONGKAI, "MAILBOX_MAX_ATTACHMENT_MB": 1}
    big = SimpleUploadedFile("big.png", _png() + b"\0" * (1024 * 1024 + 10))
    response = client.post(url, _form(attachments=big))
    assert response.status_code == 400 and "超过上限 1 MB" in response.content.decode()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def test_lookup_without_existence_leak_and_brute_force_limited(
    client: Any, write: Callable[..., Letter], mid_window: None
) -> None:
    letter = write()
    url = reverse("mailbox:lookup")
    wrong_tail = client.post(url, {"code": letter.query_code, "tail": "0000"})
    unknown = client.post(url, {"code": "ZZZZZZZZZZZZ", "tail": "5678"})
    assert wrong_tail.status_code == unknown.status_code == 400
    message = "查询码或号码后四位不正确"
    assert message in wrong_tail.content.decode() and message in unknown.content.decode()
    for _ in range(3):
        client.post(url, {"code": "ZZZZZZZZZZZZ", "tail": "1111"})
    blocked = client.post(url, {"code": letter.query_code, "tail": "5678"})
    assert blocked.status_code == 429 and "查询失败次数过多" in blocked.content.decode()


def test_lookup_then_rate(
    client: Any, write: Callable[..., Letter], people: dict[str, Any]
) -> None:
    letter = wf.letter_accept(actor=people["office"], letter=write())
    response = client.post(
        reverse("mailbox:lookup"), {"code": letter.query_code.lower(), "tail": "5678"}, follow=True
    )
    assert "办理中" in response.content.decode() and "提交评价" not in response.content.decode()
    letter = wf.letter_submit_reply(
        actor=people["office"], letter=letter, text="经核实，已安排疏通管道。"
    )
    letter = wf.letter_approve_reply(actor=people["city_leader"], letter=letter)
    page = client.get(reverse("mailbox:mine")).content.decode()
    assert "已安排疏通管道" in page and "提交评价" in page
    bad = client.post(reverse("mailbox:rate"), {"satisfaction": "great"})
    assert bad.status_code == 400
    client.post(reverse("mailbox:rate"), {"satisfaction": "basic", "comment": "好"})
    letter.refresh_from_db()
    assert letter.status == Status.RATED and letter.satisfaction == "basic"
    again = client.post(reverse("mailbox:rate"), {"satisfaction": "unsatisfied"})
    assert again.status_code == 400 and "不能执行" in again.content.decode()


def test_index_filters_and_statistics_export(
    client: Any, write: Callable[..., Letter], people: dict[str, Any], city: Organ, dept: Organ
) -> None:
    letter = write(consent_publish=True)
    letter = wf.letter_assign(actor=people["office"], letter=letter, organ=dept, reason="住建")
    letter = wf.letter_submit_reply(
        actor=people["editor"], letter=letter, text="经核实，已安排疏通管道。"
    )
    letter = wf.letter_approve_reply(actor=people["leader"], letter=letter)
    pub.letter_publish(actor=people["leader"], letter=letter)
    month = letter.submitted_on.strftime("%Y-%m")
    found = client.get(
        reverse("mailbox:index"), {"q": "积水", "letter_type": "complaint", "month": month}
    )
    assert "小区门口道路积水" in found.content.decode()
    none = client.get(reverse("mailbox:index"), {"q": "不存在的词"})
    assert "没有符合条件的留言" in none.content.decode()
    bad = client.get(reverse("mailbox:index"), {"month": "2026-13"})
    assert bad.status_code == 200 and "月份应为" in bad.content.decode()
    query = {"organ": city.pk, "month": month}
    page = client.get(reverse("mailbox:statistics"), query).content.decode()
    assert "测试市住房和城乡建设局" in page and "100.0%" in page
    export = client.get(reverse("mailbox:statistics_xlsx"), query)
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:3] == ["机关", "留言数", "已答复"]
    dept_row = next(r for r in rows if str(r[0]).strip() == "测试市住房和城乡建设局")
    assert dept_row[1:4] == [1, 1, 1.0]
    assert rows[-1][0] == "测试市人民政府（含下级）" and rows[-1][1] == 1


def test_unpublished_letters_are_not_public(client: Any, write: Callable[..., Letter]) -> None:
    letter = write()
    assert client.get(reverse("mailbox:letter", args=[letter.pk])).status_code == 404
    assert letter.title not in client.get(reverse("mailbox:index")).content.decode()
