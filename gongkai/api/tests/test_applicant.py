"""The 查询码 endpoint: the status page's lookup (same limits, no existence leak), no personal
data in the answer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.applications.services import workflow as wf
from gongkai.applications.services.intake import application_register

pytestmark = pytest.mark.django_db

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
def app(organ: Any, staff: dict[str, Any]) -> Any:
    app = application_register(
        actor=None, organ=organ, channel="online", submitted_on=date(2026, 3, 2), data=CITIZEN
    ).application
    wf.application_confirm_receipt(actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 3))
    app.refresh_from_db()
    return app


def test_status_by_code_and_tail(api: Any, app: Any, staff: dict[str, Any]) -> None:
    response = api.post("/applications/status", {"code": app.query_code.lower(), "tail": "5678"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == app.reference and body["status_label"] == "办理中"
    assert body["due_date"] == "2026-03-31"  # 20th working day after 3 March
    assert any("机关确认收到申请" in row["what"] for row in body["timeline"])
    text = response.content.decode()
    for personal in ("李明", "13812345678", "1101051949", "liming@", "人民路", "就业补贴发放"):
        assert personal not in text
    assert staff["editor"].username not in text
    assert "no-store" in response["Cache-Control"]
    assert (
        api.post("/applications/status", {"code": app.query_code, "tail": "002x"}).status_code
        == 200
    )


def test_wrong_tail_and_unknown_code_answer_the_same(api: Any, app: Any) -> None:
    wrong_tail = api.post("/applications/status", {"code": app.query_code, "tail": "0000"})
    unknown = api.post("/applications/status", {"code": "ZZZZZZZZZZZZ", "tail": "5678"})
    assert wrong_tail.status_code == unknown.status_code == 400
    assert wrong_tail.json() == unknown.json()
    assert "查询码或号码后四位不正确" in wrong_tail.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [{}, {"code": "ABC"}, {"code": "ABC", "tail": "12"}, {"code": "\x00", "tail": "1234"}, []],
)
def test_bad_input_is_a_400_and_costs_no_attempt(api: Any, app: Any, body: Any) -> None:
    for _ in range(6):
        response = api.post("/applications/status", body)
        assert response.status_code == 400
        assert response.json()["detail"]
    assert (
        api.post("/applications/status", {"code": app.query_code, "tail": "5678"}).status_code
        == 200
    )


def test_guessing_is_limited_and_shares_the_page_limit(client: Any, api: Any, app: Any) -> None:
    for i in range(3):
        guess = {"code": f"GUESS{i:07d}", "tail": "1234"}
        assert api.post("/applications/status", guess).status_code == 400
    for i in range(2):  # the same address on the status page: one count for both
        page = client.post(reverse("apply:status"), {"code": f"PAGE{i:08d}", "tail": "1234"})
        assert page.status_code == 400
    blocked = api.post("/applications/status", {"code": app.query_code, "tail": "5678"})
    assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
    assert "查询失败次数过多" in blocked.json()["detail"]
    assert (
        client.post(reverse("apply:status"), {"code": "X" * 12, "tail": "1234"}).status_code == 429
    )
    other = api.client.post(
        "/api/v1/applications/status",
        {"code": app.query_code, "tail": "5678"},
        content_type="application/json",
        REMOTE_ADDR="10.1.1.1",
    )
    assert other.status_code == 200
