"""Public pages: online application, confirmation, 查询码 status page, 补正 and withdrawal."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from gongkai.applications.models import Application, AppStatus
from gongkai.applications.services import workflow as wf
from gongkai.applications.views.public import STARTED_SALT


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def started(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "applicant_type": "natural",
        "name": "王小红",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "email": "wxh@example.com",
        "address": "测试市人民路8号",
        "description": "2025年度本市公共租赁住房分配结果",
        "info_form": "electronic",
        "delivery": "email",
        "client_token": "a" * 32,
        "started": started(),
        "website": "",
    }
    data.update(overrides)
    return data


def apply_url(organ: Any) -> str:
    return reverse("apply:form", args=[organ.pk])


def test_index_lists_accepting_organs_and_form_renders(client, organ, make_organ) -> None:
    unit = make_organ("测试市档案馆", kind="unit")
    page = client.get(reverse("apply:index")).content.decode()
    assert organ.name in page and unit.name not in page
    response = client.get(apply_url(organ))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="client_token"' in html and 'name="started"' in html and 'name="website"' in html
    assert "申请人为法人或其他组织的填写" in html
    assert client.get(reverse("apply:form", args=[unit.pk])).status_code == 404


def test_submit_creates_online_application_shows_code_and_mails_it(
    client, organ, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(organ), form_data())
    assert response.status_code == 302 and response["Location"] == reverse("apply:done")
    app = Application.objects.get()
    assert app.status == AppStatus.AWAITING_CONFIRMATION and app.channel == "online"
    page = client.get(reverse("apply:done")).content.decode()
    assert app.query_code in page and app.reference in page
    assert len(mail.outbox) == 1 and app.query_code in mail.outbox[0].body


def test_form_submitted_twice_creates_one_application(
    client, organ, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(apply_url(organ), form_data())
        second = client.post(apply_url(organ), form_data())
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_honeypot_stores_nothing(client, organ) -> None:
    response = client.post(apply_url(organ), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "未能提交" in response.content.decode()
    assert not Application.objects.exists()


def test_too_fast_submission_keeps_input_and_stores_nothing(client, organ) -> None:
    response = client.post(apply_url(organ), form_data(started=started(seconds_ago=0.5)))
    html = response.content.decode()
    assert response.status_code == 400 and "提交过快" in html
    assert "2025年度本市公共租赁住房分配结果" in html
    assert not Application.objects.exists()


def test_invalid_id_number_message_and_input_kept(client, organ) -> None:
    response = client.post(apply_url(organ), form_data(id_number="110105194912310021"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "居民身份证号码无效" in html
    assert "王小红" in html and "公共租赁住房" in html
    assert not Application.objects.exists()


def test_organisation_needs_its_own_fields(client, organ) -> None:
    response = client.post(
        apply_url(organ), form_data(applicant_type="organisation", credit_code="123")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "统一社会信用代码无效" in html and "请填写法定代表人" in html
    assert "请选择组织类别" in html


def test_per_ip_rate_limit_429_keeps_input(client, organ) -> None:
    for i in range(10):
        token = f"{i:032x}"
        phone = f"1391234{i:04d}"
        data = form_data(client_token=token, phone=phone, id_number="", id_type="passport")
        data["id_number"] = f"E{i:08d}"
        assert client.post(apply_url(organ), data).status_code == 302
    response = client.post(apply_url(organ), form_data(client_token="f" * 32))
    assert response.status_code == 429
    html = response.content.decode()
    assert "过于频繁" in html and "公共租赁住房" in html
    assert Application.objects.count() == 10


def test_per_applicant_rate_limit(client, organ) -> None:
    for i in range(5):
        data = form_data(client_token=f"{i:032x}")
        response = client.post(apply_url(organ), data, REMOTE_ADDR=f"10.0.0.{i}")
        assert response.status_code == 302
    response = client.post(
        apply_url(organ), form_data(client_token="e" * 32), REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429
    assert "同一申请人24小时内" in response.content.decode()
    assert Application.objects.count() == 5


def _online(organ: Any) -> Application:
    from gongkai.applications.services.intake import application_register

    data = {k: v for k, v in form_data().items() if k not in {"client_token", "started", "website"}}
    return application_register(
        actor=None, organ=organ, channel="online", submitted_on=date(2026, 3, 2), data=data
    ).application


def lookup(client: Any, code: str, tail: str, **kw: Any) -> Any:
    return client.post(reverse("apply:status"), {"code": code, "tail": tail}, **kw)


def test_status_page_with_code_and_phone_tail(client, organ, staff) -> None:
    app = _online(organ)
    wf.application_confirm_receipt(actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 3))
    response = lookup(client, app.query_code.lower(), "5678")
    assert response.status_code == 302 and response["Location"] == reverse("apply:case")
    page = client.get(reverse("apply:case")).content.decode()
    assert "办理中" in page
    assert "机关确认收到申请" in page  # public timeline in plain words
    assert "2026年3月31日" in page  # due: 20th working day after 3 March
    app.refresh_from_db()
    assert app.due_explanation and all(escape(line) in page for line in app.due_explanation)
    assert staff["editor"].username not in page  # no staff names on the public page


def test_status_with_id_tail_works_too(client, organ) -> None:
    app = _online(organ)
    assert lookup(client, app.query_code, "002x").status_code == 302


def test_wrong_tail_and_unknown_code_answer_the_same(client, organ) -> None:
    app = _online(organ)
    wrong_tail = lookup(client, app.query_code, "0000")
    unknown = lookup(client, "ZZZZZZZZZZZZ", "5678")
    assert wrong_tail.status_code == unknown.status_code == 400
    message = "查询码或号码后四位不正确"
    assert message in wrong_tail.content.decode() and message in unknown.content.decode()
    assert app.name not in wrong_tail.content.decode()
    assert client.get(reverse("apply:case")).status_code == 302  # nothing unlocked


def test_brute_force_lookup_is_limited_with_429(client, organ) -> None:
    app = _online(organ)
    for i in range(5):
        assert lookup(client, f"GUESS{i:07d}", "1234").status_code == 400
    blocked = lookup(client, app.query_code, "5678")  # even the right answer waits now
    assert blocked.status_code == 429
    assert "查询失败次数过多" in blocked.content.decode()
    assert lookup(client, app.query_code, "5678", REMOTE_ADDR="10.1.1.1").status_code == 302


def test_online_correction_restarts_clock(client, organ, staff) -> None:
    app = _online(organ)
    wf.application_confirm_receipt(actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 3))
    wf.application_request_correction(
        actor=staff["editor"],
        app=app,
        on=date(2026, 3, 4),
        items="请写明所需信息的年份",
        deadline=date(2099, 3, 20),
    )
    lookup(client, app.query_code, "5678")
    page = client.get(reverse("apply:case")).content.decode()
    assert "请写明所需信息的年份" in page and "提交补正" in page
    empty = client.post(reverse("apply:correct"), {"text": ""})
    assert empty.status_code == 400 and "请填写补正内容" in empty.content.decode()
    response = client.post(reverse("apply:correct"), {"text": "2025年度"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.PROCESSING and app.correction_text == "2025年度"


def test_withdraw_online_then_not_again(client, organ) -> None:
    app = _online(organ)
    lookup(client, app.query_code, "5678")
    missing = client.post(reverse("apply:withdraw"), {"reason": "不需要了"})
    assert missing.status_code == 400 and "我确认撤回本申请" in missing.content.decode()
    response = client.post(reverse("apply:withdraw"), {"confirm": "on", "reason": "不需要了"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.WITHDRAWN
    again = client.post(reverse("apply:withdraw"), {"confirm": "on"})
    assert again.status_code == 400
    assert "已撤回" in again.content.decode()


def test_public_documents_only_and_leave(client, organ, staff, answer) -> None:
    from gongkai.applications.services.documents import document_generate

    app = _online(organ)
    wf.application_confirm_receipt(actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 3))
    consult = wf.application_start_consultation(
        actor=staff["editor"], app=app, kind="third_party", party="某公司", sent_on=date(2026, 3, 5)
    )
    internal = document_generate(
        actor=staff["editor"], app=app, kind="consultation", consultation=consult
    )
    app.refresh_from_db()
    lookup(client, app.query_code, "5678")
    assert client.get(reverse("apply:document", args=[internal.pk])).status_code == 404
    wf.application_record_consultation_reply(
        actor=staff["editor"], consultation=consult, replied_on=date(2026, 3, 9), agrees=True
    )
    app.refresh_from_db()
    answer(app, outcome="granted", on=date(2026, 3, 10))
    app.refresh_from_db()
    letter = document_generate(actor=staff["editor"], app=app, kind="grant")
    response = client.get(reverse("apply:document", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"PK")  # a DOCX (zip)
    assert client.post(reverse("apply:leave")).status_code == 302
    assert client.get(reverse("apply:document", args=[letter.pk])).status_code == 302


def test_frequent_list_public(client, organ, register, staff, answer) -> None:
    for i in range(2):
        app = register(data={"name": f"申请人{i}"}, submitted_on=timezone.localdate())
        answer(app, outcome="granted", on=timezone.localdate())
    page = client.get(reverse("apply:frequent")).content.decode()
    assert "2025年度本市就业补贴发放情况统计表" in page
