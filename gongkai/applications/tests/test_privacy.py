"""Personal data: masked in lists, exports and the admin; full values only for handlers who ask,
and every such view is audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.core.models import AuditEvent

ID, PHONE = "11010519491231002X", "13812345678"
ID_MASKED, PHONE_MASKED = "110***********002X", "138****5678"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()  # the status lookup counts failures per address in the cache
    yield
    cache.clear()


def test_queue_and_csv_mask_id_and_phone(client, register, staff) -> None:
    app = register()
    client.force_login(staff["editor"])
    page = client.get(reverse("office_apps:queue")).content.decode()
    assert PHONE_MASKED in page and PHONE not in page and ID not in page
    response = client.get(reverse("office_apps:export"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["申请编号", "受理机关", "申请方式"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["申请编号"] == app.reference
    assert row["证件号码"] == ID_MASKED and row["联系电话"] == PHONE_MASKED
    assert ID not in text and PHONE not in text


def test_csv_defuses_spreadsheet_formulas(client, register, staff) -> None:
    register(data={"description": '=HYPERLINK("http://x")年度统计'})
    client.force_login(staff["editor"])
    text = client.get(reverse("office_apps:export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_csv_only_own_organs(client, register, make_organ, make_user) -> None:
    app = register()
    other = make_organ("测试市水利局")
    client.force_login(make_user("water", organ=other, roles=("editor",)))
    text = client.get(reverse("office_apps:export")).content.decode("utf-8-sig")
    assert app.reference not in text


def test_case_page_masked_until_handler_reveals_and_each_view_audited(
    client, register, staff
) -> None:
    app = register()
    client.force_login(staff["editor"])
    url = reverse("office_apps:case", args=[app.pk])
    page = client.get(url).content.decode()
    assert ID_MASKED in page and ID not in page and PHONE not in page
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()
    for _ in range(2):
        page = client.get(url, {"reveal": "1"}).content.decode()
        assert ID in page and PHONE in page
    events = AuditEvent.objects.filter(action="application.view_personal_data")
    assert events.count() == 2
    assert {e.actor_id for e in events} == {staff["editor"].pk}
    assert all(e.object_id == str(app.pk) and e.organ_id == app.organ_id for e in events)


def test_non_handler_role_never_sees_full_values(client, register, staff) -> None:
    app = register()
    client.force_login(staff["secrecy"])  # covers the organ, but does not handle applications
    page = client.get(reverse("office_apps:case", args=[app.pk]), {"reveal": "1"}).content.decode()
    assert ID not in page and PHONE not in page and ID_MASKED in page
    assert "显示完整证件号码和电话" not in page
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()


def test_admin_list_masks(client, register, django_user_model: Any) -> None:
    app = register()
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-Test-1234")
    client.force_login(admin)
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert app.reference in page and PHONE_MASKED in page and PHONE not in page
    detail = client.get(reverse("admin:applications_application_change", args=[app.pk]))
    assert detail.status_code == 200 and ID not in detail.content.decode()


def test_public_status_page_shows_no_personal_numbers(client, register) -> None:
    app = register(channel="online")
    client.post(reverse("apply:status"), {"code": app.query_code, "tail": "5678"})
    page = client.get(reverse("apply:case")).content.decode()
    assert app.reference in page and ID not in page and PHONE not in page
