"""Pages that reveal personal data are never stored by a browser or proxy (issue 16):
`Cache-Control: no-store` on the case page (and its ?reveal=1), the CSV export, letters, and the
applicant's own pages (confirmation, status, receipt, letters)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

CITIZEN = {
    "applicant_type": "natural",
    "name": "李明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "liming@example.com",
    "address": "测试市人民路1号",
    "description": "2025年度本市就业补贴发放情况统计表",
    "info_form": "electronic",
    "delivery": "email",
}


@pytest.fixture
def app(organ: Any, staff: dict[str, Any], settings: Any, tmp_path: Any) -> Any:
    from gongkai.applications.services.intake import application_register

    settings.MEDIA_ROOT = tmp_path
    return application_register(
        actor=staff["editor"],
        organ=organ,
        channel="online",
        submitted_on=date(2026, 3, 2),
        data=dict(CITIZEN),
    ).application


def _no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_case_page_and_its_reveal_are_no_store(client, app, staff) -> None:
    client.force_login(staff["editor"])
    revealed = client.get(reverse("office_apps:case", args=[app.pk]) + "?reveal=1")
    assert revealed.status_code == 200 and "11010519491231002X" in revealed.content.decode()
    assert _no_store(revealed) and "private" in revealed["Cache-Control"]
    assert _no_store(client.get(reverse("office_apps:case", args=[app.pk])))


def test_the_csv_export_is_no_store(client, app, staff) -> None:
    client.force_login(staff["editor"])
    response = client.get(reverse("office_apps:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert _no_store(response)


def test_letters_are_no_store_for_staff_and_applicant(client, app, staff) -> None:
    from gongkai.applications.services.documents import document_generate
    from gongkai.applications.views import public

    doc = document_generate(actor=staff["editor"], app=app, kind="correction")
    client.force_login(staff["editor"])
    staff_copy = client.get(reverse("office_apps:document", args=[app.pk, doc.pk]))
    b"".join(staff_copy.streaming_content)  # the test client closes it after the last chunk
    assert staff_copy.status_code == 200 and _no_store(staff_copy)
    client.logout()
    session = client.session
    session[public.SESSION_CASE] = app.pk
    session.save()
    own_copy = client.get(reverse("apply:document", args=[doc.pk]))
    b"".join(own_copy.streaming_content)
    assert own_copy.status_code == 200 and _no_store(own_copy)


def test_the_applicants_own_pages_are_no_store(client, app) -> None:
    from gongkai.applications.views import public

    session = client.session
    session[public.SESSION_DONE] = app.pk
    session[public.SESSION_CASE] = app.pk
    session.save()
    for url in (
        reverse("apply:done"),
        reverse("apply:case"),
        reverse("apply:receipt", args=[app.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
