"""Public forms and the 回执 (issue 13 points 16 and 20): the public stylesheet only; after a
failed submit an error summary first in the page, focused, linking each field, and the title
starts with 错误：; conditionally required fields say so; the phone field is type=tel; a printable
回执 with 编号, 查询码, receipt date and the statutory due date."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.applications.views.public import SESSION_CASE, STARTED_SALT


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _data(**overrides: Any) -> dict[str, Any]:
    data = {
        "applicant_type": "natural",
        "name": "王小红",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "description": "2025年度本市公共租赁住房分配结果",
        "info_form": "electronic",
        "delivery": "email",
        "client_token": "b" * 32,
        "started": signing.dumps(time.time() - 60, salt=STARTED_SALT),
        "website": "",
    }
    data.update(overrides)
    return data


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0].strip()


def test_public_pages_load_the_public_stylesheet_only(client, organ) -> None:
    client.post(reverse("apply:form", args=[organ.pk]), _data())
    app = Application.objects.get()
    for url in (
        reverse("apply:index"),
        reverse("apply:form", args=[organ.pk]),
        reverse("apply:done"),
        reverse("apply:receipt", args=[app.pk]),
        reverse("apply:case"),
        reverse("apply:status"),
        reverse("apply:frequent"),
        reverse("report_check:check"),
    ):
        html = client.get(url).content.decode()
        assert "css/gongkai.css" in html, url
        assert "css/office.css" not in html, url


def test_a_failed_submit_leads_with_a_focused_error_summary(client, organ) -> None:
    response = client.post(
        reverse("apply:form", args=[organ.pk]),
        _data(applicant_type="organisation", name="", phone="12", credit_code=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _title(html).startswith("错误：")
    main = html.split('<main id="main"', 1)[1]
    summary = main.split('class="error-summary"', 1)
    # The summary comes before the form, takes the focus and links to the fields.
    assert len(summary) == 2 and "<form" not in summary[0]
    head = summary[1].split(">", 1)[0]
    assert "autofocus" in head and 'tabindex="-1"' in head and "data-error-summary" in head
    for field in ("id_name", "id_phone", "id_credit_code", "id_legal_rep", "id_org_subtype"):
        assert f'href="#{field}"' in summary[1], field
    assert "js/forms.js" in html
    # A filled form's title has no prefix.
    assert not _title(
        client.get(reverse("apply:form", args=[organ.pk])).content.decode()
    ).startswith("错误")


def test_a_radio_group_error_links_to_its_first_choice(client, organ) -> None:
    html = client.post(
        reverse("apply:form", args=[organ.pk]), _data(applicant_type="")
    ).content.decode()
    assert 'href="#id_applicant_type_0"' in html and 'id="id_applicant_type_0"' in html


def test_conditional_fields_are_marked_and_the_phone_is_tel(client, organ) -> None:
    html = client.get(reverse("apply:form", args=[organ.pk])).content.decode()
    assert re.search(r'<input type="tel" name="phone"[^>]*autocomplete="tel"', html)
    cases = [(f, "申请人为自然人时必填") for f in ("id_type", "id_number")]
    cases += [
        (f, "申请人为法人或其他组织时必填")
        for f in ("org_subtype", "credit_code", "legal_rep", "contact_person")
    ]
    cases.append(("fee_waiver_reason", "申请减免费用时必填"))
    for field, condition in cases:
        # Marked like a required field, the condition beside the label and read with the field.
        block = html.split(f'<label for="id_{field}">', 1)[0].rsplit('<div class="field', 1)[1]
        assert block.startswith(" cond-required"), field
        assert f'<div class="cond-note" id="id_{field}_cond">{condition}</div>' in html, field
        widget = re.search(rf'<(?:input|select)[^>]*id="id_{field}"[^>]*>', html)
        assert widget and f'aria-describedby="id_{field}_cond' in widget.group(0), field


def test_the_status_lookup_and_report_check_forms_too(client, db) -> None:
    response = client.post(reverse("apply:status"), {"code": "", "tail": "12"})
    html = response.content.decode()
    assert response.status_code == 400 and _title(html).startswith("错误：")
    assert 'href="#id_code"' in html and 'href="#id_tail"' in html and "autofocus" in html
    response = client.post(reverse("apply:status"), {"code": "ABCDEFGHJKLM", "tail": "1234"})
    html = response.content.decode()
    assert _title(html).startswith("错误：") and "查询码或号码后四位不正确" in html
    response = client.post(reverse("report_check:check"), {"text": "", "source_url": "x"})
    html = response.content.decode()
    assert _title(html).startswith("错误：") and "data-error-summary" in html


def test_the_receipt_after_applying(client, organ) -> None:
    done = client.post(reverse("apply:form", args=[organ.pk]), _data())
    app = Application.objects.get()
    page = client.get(done["Location"]).content.decode()
    receipt_url = reverse("apply:receipt", args=[app.pk])
    assert f'href="{receipt_url}"' in page
    html = client.get(receipt_url).content.decode()
    assert app.reference in html and app.query_code in html
    assert "政府信息公开申请回执" in html
    submitted = f"{app.submitted_on.year}年{app.submitted_on.month}月{app.submitted_on.day}日"
    assert submitted in html.split('id="receipt-submitted"')[1]
    # Online: received on the day both sides confirm (Art. 31(三)); the due date assumes the
    # same day until then, and says so.
    assert "以双方确认之日为收到申请之日" in html.split('id="receipt-date"')[1].split("</td>")[0]
    due = html.split('id="receipt-due"')[1].split("</td>")[0]
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日前", due) and "第三十三条" in due
    assert "按机关于提交当日确认收到计算" in due
    assert 'media="print"' in html and "css/receipt-print.css" in html
    # Personal data beyond the name stays off the paper.
    assert "13912345678" not in html and "11010519491231002X" not in html


def test_a_confirmed_case_shows_its_receipt_date_and_stored_due_date(
    client, organ, register
) -> None:
    app = register(submitted_on=date(2026, 3, 2))  # in person: received at once
    session = client.session
    session[SESSION_CASE] = app.pk
    session.save()
    html = client.get(reverse("apply:receipt", args=[app.pk])).content.decode()
    assert "2026年3月2日" in html.split('id="receipt-date"')[1].split("</td>")[0]
    due = app.due_date
    assert f"{due.year}年{due.month}月{due.day}日前" in html
    assert "按机关于提交当日确认收到计算" not in html


def test_someone_elses_receipt_is_not_shown(client, organ, register) -> None:
    app = register()
    response = client.get(reverse("apply:receipt", args=[app.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("apply:status")
    assert app.query_code not in client.get(response["Location"]).content.decode()
