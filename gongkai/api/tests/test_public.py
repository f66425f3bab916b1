"""Public read endpoints: only published 主动公开 data, filters, cursor pages, and a Chinese 400
(never a 500) for every bad input."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_openapi_document_is_generated_from_the_code(api: Any) -> None:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    paths = set(doc["paths"])
    assert {"/api/v1/items", "/api/v1/search", "/api/v1/reports/{report_id}"} <= paths
    assert "/api/v1/applications/status" in paths and "/api/v1/staff/items" in paths
    assert doc["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_only_published_proactive_items_are_listed(api: Any, world: dict[str, Any]) -> None:
    titles = _titles(api.get("/items", {"limit": 100}))
    items = world["items"]
    assert {items[k].title for k in ("parent", "a_policy", "a_general", "b")} <= titles
    for hidden in ("draft", "on_request", "withdrawn"):
        assert items[hidden].title not in titles
        assert api.get(f"/items/{items[hidden].pk}").status_code == 404


def test_item_detail_has_text_and_no_staff_fields(api: Any, world: dict[str, Any]) -> None:
    item = world["items"]["a_policy"]
    body = api.get(f"/items/{item.pk}").json()
    assert body["title"] == item.title and body["index_number"] == item.index_number
    assert "就业补贴申领工作" in body["body"]
    for private in ("status", "created_by", "attribute_reason", "returned_comment", "findings"):
        assert private not in body


def test_organ_filter_with_and_without_subtree(api: Any, world: dict[str, Any]) -> None:
    items, parent = world["items"], world["parent"]
    own = _titles(api.get("/items", {"organ": parent.pk}))
    assert own == {items["parent"].title}
    tree = _titles(api.get("/items", {"organ": parent.pk, "subtree": "true"}))
    assert tree == {items[k].title for k in ("parent", "a_policy", "a_general")}


def test_other_filters(api: Any, world: dict[str, Any]) -> None:
    items, a = world["items"], world["a"]
    assert _titles(api.get("/items", {"organ": a.pk, "kind": "policy"})) == {
        items["a_policy"].title
    }
    column = items["a_policy"].column_id
    assert items["a_policy"].title in _titles(api.get("/items", {"column": column}))
    year = items["b"].published_at.year
    assert items["b"].title in _titles(api.get("/items", {"year": year}))
    assert _titles(api.get("/items", {"year": year - 1})) == set()
    assert _titles(api.get("/items", {"validity": "repealed"})) == set()
    assert _titles(api.get("/items", {"organ": 2_000_000_000})) == set()
    later = "2100-01-01T00:00:00+08:00"
    assert _titles(api.get("/items", {"updated_since": later})) == set()
    assert items["b"].title in _titles(api.get("/items", {"updated_since": "2020-01-01T00:00"}))


@pytest.mark.parametrize("order", ["published", "updated"])
def test_cursor_pages_cover_everything_once(api: Any, world: dict[str, Any], order: str) -> None:
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 1, "order": order}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/items", params).json()
        seen += [row["id"] for row in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = [row["id"] for row in api.get("/items", {"order": order}).json()["results"]]
    assert seen == everything and len(seen) == 4


def test_a_cursor_is_stable_when_an_item_is_published_meanwhile(
    api: Any, world: dict[str, Any]
) -> None:
    first = api.get("/items", {"limit": 2}).json()
    rest_before = api.get("/items", {"limit": 10, "cursor": first["next_cursor"]}).json()
    # A new item is published: it is newest, so it goes before the first page, not into the rest.
    from gongkai.catalog.services import workflow

    user = world["crew"][world["a"].pk]
    draft = world["items"]["draft"]
    workflow.item_submit(actor=user, item=draft)
    workflow.item_pass_secrecy(actor=user, item=draft, opinion="同意公开。")
    workflow.item_publish(actor=user, item=draft)
    rest_after = api.get("/items", {"limit": 10, "cursor": first["next_cursor"]}).json()
    assert rest_after["results"] == rest_before["results"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, None),
        ({"cursor": "W10"}, None),  # base64 of [], valid JSON of the wrong shape
        ({"cursor": "WyJ1cGRhdGVkIiwiMjAyNiIsMV0"}, None),  # another ordering's cursor
        ({"cursor": "x" * 501}, "cursor"),
        ({"organ": "abc"}, "organ"),
        ({"organ": "99999999999999999999"}, "organ"),
        ({"organ": "-1"}, "organ"),
        ({"year": "3000"}, "year"),
        ({"validity": "valid'; drop table"}, "validity"),
        ({"kind": "secret"}, "kind"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-23:59"}, "updated_since"),
        ({"order": "random"}, "order"),
        ({"subtree": "maybe"}, "subtree"),
        ({"cursor": "\x00"}, "cursor"),
    ],
)
def test_bad_input_is_a_chinese_400(
    api: Any, world: dict[str, Any], params: dict[str, str], field: str | None
) -> None:
    response = api.get("/items", params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] in {"bad_request", "bad_cursor"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])
    if field:
        assert field in body["errors"]


@pytest.mark.parametrize("limit", ["0", "-5", "100000", str(10**30)])
def test_page_size_is_bounded(api: Any, world: dict[str, Any], limit: str) -> None:
    response = api.get("/items", {"limit": limit})
    assert response.status_code == 200
    assert 1 <= len(response.json()["results"]) <= 100


@pytest.mark.parametrize("path", ["/items/0", "/items/99999999999", "/organs/abc", "/columns/-1"])
def test_bad_ids_are_400_or_404_never_500(api: Any, path: str) -> None:
    assert api.get(path).status_code in {400, 404}


def test_organs_and_columns(api: Any, world: dict[str, Any]) -> None:
    a, parent = world["a"], world["parent"]
    page = api.get("/organs", {"limit": 2}).json()
    assert len(page["results"]) == 2 and page["next_cursor"]
    rest = api.get("/organs", {"cursor": page["next_cursor"]}).json()
    ids = [o["id"] for o in page["results"] + rest["results"]]
    assert ids == sorted(ids) and {a.pk, parent.pk} <= set(ids)
    children = api.get("/organs", {"parent": parent.pk}).json()["results"]
    assert [o["id"] for o in children] == [a.pk]
    organ = api.get(f"/organs/{a.pk}").json()
    assert organ["parent_id"] == parent.pk and organ["gio_phone"]
    columns = api.get(f"/organs/{a.pk}/columns").json()
    assert {"policy", "annual-report"} <= {c["code"] for c in columns}
    policy = next(c for c in columns if c["code"] == "policy")
    assert api.get(f"/columns/{policy['id']}").json()["name"] == policy["name"]
    assert api.get("/organs/2000000000/columns").status_code == 404
    assert api.get("/topics").status_code == 200 and api.get("/genres").status_code == 200


def test_errors_are_json_in_chinese(api: Any) -> None:
    response = api.get("/items/2000000000")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "not_found",
        "detail": "没有找到：不存在，或未公开。",
        "errors": {},
    }


def test_public_endpoints_are_rate_limited_per_address(
    api: Any, world: dict[str, Any], monkeypatch: Any
) -> None:
    from gongkai.api import common
    from gongkai.core.ratelimit import Limit

    monkeypatch.setattr(common, "PUBLIC_PER_IP", Limit("api-ip-test", 3, 60))
    codes = [api.get("/organs").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api.get("/items")
    assert limited.json()["code"] == "rate_limited" and "频繁" in limited.json()["detail"]
    assert int(limited["Retry-After"]) >= 1
    other = api.client.get("/api/v1/organs", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address has its own count
