"""Search through the portal's own search, and published annual reports as data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Column
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create

pytestmark = pytest.mark.django_db


def _publish(organ: Any, user: Any, title: str, body: str) -> Any:
    column = Column.objects.get(organ=organ, code="policy")
    fields = ItemFields(title=title, formed_on=date(2026, 3, 2), body=body)
    item = item_create(actor=user, organ=organ, column=column, fields=fields).item
    item = workflow.item_submit(actor=user, item=item)
    item = workflow.item_pass_secrecy(actor=user, item=item, opinion="同意公开。")
    return workflow.item_publish(actor=user, item=item)


def test_search_finds_what_the_portal_finds(
    api: Any,
    client: Any,
    organ: Any,
    make_user: Any,
    search_backend: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = make_user(organ=organ, roles=("editor", "secrecy", "approver"))
    with django_capture_on_commit_callbacks(execute=True):
        wanted = _publish(
            organ, user, "关于调整城乡居民最低生活保障标准的通知", "<p>低保标准提高到650元。</p>"
        )
        _publish(organ, user, "关于做好就业补贴申领工作的通知", "<p>就业补贴。</p>")
        withdrawn = _publish(organ, user, "低保资金发放情况（已撤回）", "<p>低保。</p>")
        workflow.item_withdraw(actor=user, item=withdrawn, reason="数据有误")
    body = api.get("/search", {"q": "低保"}).json()
    ids = [hit["item"]["id"] for hit in body["results"]]
    assert ids[0] == wanted.pk and withdrawn.pk not in ids
    assert "<mark>" in body["results"][0]["title_html"]
    portal = client.get("/search.json", {"q": "低保"}).json()
    assert body["total"] == portal["total"]
    assert api.get("/search", {"q": "低保", "organ": 2_000_000_000}).json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "就" * 201},
        {"page": "0"},
        {"page": "abc"},
        {"year_from": "1800"},
        {"sort": "random"},
        {"validity": "x"},
    ],
)
def test_search_bad_input_is_a_400(api: Any, params: dict[str, str]) -> None:
    response = api.get("/search", params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_search_odd_but_valid_input_is_answered(api: Any) -> None:
    for q in ["", '"', "a:b (c*) ~d^2", "😀", "就业" * 100]:
        assert api.get("/search", {"q": q, "page": 50}).status_code == 200


def test_only_published_reports_and_their_tables(
    api: Any, organ: Any, staff: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.reports.services import report_open
    from gongkai.reports.tests.test_public_page import _publish as publish_report

    report = publish_report(organ, staff, django_capture_on_commit_callbacks)
    listed = api.get("/reports").json()["results"]
    assert [r["id"] for r in listed] == [report.pk]
    data = api.get(f"/reports/{report.pk}").json()
    assert data["year"] == report.year and data["format"] in {"2021", "2019"}
    assert set(data["tables"]) >= {"table3", "table4"}
    assert data["tables"] == report.data["tables"]  # the figures frozen at publication
    draft = report_open(actor=staff["organ_admin"], organ=organ, year=report.year - 1)
    assert api.get(f"/reports/{draft.pk}").status_code == 404
    assert api.get("/reports", {"year": report.year - 1}).json()["results"] == []
