"""Staff endpoints: a token acts with its user's roles, through the catalog's services and
state machine; the authorisation matrix of every staff endpoint × role × own/other organ."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.api.services import token_create, token_digest, token_revoke
from gongkai.catalog.models import Column, Item, Status
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ("editor", "reviewer", "secrecy", "approver", "organ_admin")


@pytest.fixture
def tokens(staff: dict[str, Any], token_for: Any) -> dict[str, Any]:
    return {role: token_for(user) for role, user in staff.items()}


def _draft_body(organ: Any, **kw: Any) -> dict[str, Any]:
    column = Column.objects.get(organ=organ, code="policy")
    body = {
        "organ_id": organ.pk,
        "column_id": column.pk,
        "title": "关于做好就业补贴申领工作的通知",
        "formed_on": "2026-03-02",
        "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p><script>alert(1)</script>",
    }
    body.update(kw)
    return body


def test_no_bad_revoked_or_expired_token_is_401(api: Any, staff: dict[str, Any]) -> None:
    assert api.get("/staff/me").status_code == 401
    api.headers = {"HTTP_AUTHORIZATION": "Bearer gk_not-a-token"}
    response = api.get("/staff/me")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert "接口令牌" in response.json()["detail"]
    user = staff["editor"]
    created = token_create(actor=user, user=user, name="同步")
    api.headers = {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}
    assert api.get("/staff/me").json()["username"] == user.username
    ApiToken.objects.filter(pk=created.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.get("/staff/me").status_code == 401
    fresh = token_create(actor=user, user=user, name="同步2")
    api.headers = {"HTTP_AUTHORIZATION": f"Bearer {fresh.secret}"}
    user.is_active = False
    user.save()
    assert api.get("/staff/me").status_code == 401  # a deactivated account's tokens stop
    user.is_active = True
    user.save()
    token_revoke(actor=user, token=fresh.token)
    assert api.get("/staff/me").status_code == 401


def test_tokens_are_stored_hashed(staff: dict[str, Any]) -> None:
    created = token_create(actor=None, user=staff["editor"], name="迁移")
    row = ApiToken.objects.get(pk=created.token.pk)
    assert created.secret not in {row.digest, row.prefix, row.name}
    assert row.digest == token_digest(created.secret)
    assert created.secret.startswith(row.prefix)


def test_draft_to_published_through_the_workflow(
    tokens: dict[str, Any], organ: Any, staff: dict[str, Any], api: Any
) -> None:
    created = tokens["editor"].post("/staff/items", _draft_body(organ))
    assert created.status_code == 201, created.content
    item = created.json()["item"]
    assert item["status"] == "draft" and "<script>" not in item["body"]  # sanitised as on pages
    pk = item["id"]
    assert api.get(f"/items/{pk}").status_code == 404  # not public yet
    audit = AuditEvent.objects.filter(object_id=str(pk), action="item.create").get()
    assert audit.actor == staff["editor"]  # audited under the token's user
    patched = tokens["editor"].patch(f"/staff/items/{pk}", {"summary": "就业补贴申领"})
    assert patched.status_code == 200 and patched.json()["item"]["summary"] == "就业补贴申领"
    # 签发 before the reviews: the machine refuses (409), the approver's role is not the issue.
    assert tokens["approver"].post(f"/staff/items/{pk}/publish").status_code == 409
    assert tokens["secrecy"].post(f"/staff/items/{pk}/submit").status_code == 403
    submitted = tokens["editor"].post(f"/staff/items/{pk}/submit")
    assert submitted.json()["status"] == "secrecy_review"
    no_opinion = tokens["secrecy"].post(f"/staff/items/{pk}/pass-secrecy", {"opinion": " "})
    assert no_opinion.status_code == 400 and "保密审查意见" in no_opinion.json()["detail"]
    passed = tokens["secrecy"].post(f"/staff/items/{pk}/pass-secrecy", {"opinion": "同意公开。"})
    assert passed.json()["status"] == "awaiting_approval"
    assert tokens["editor"].post(f"/staff/items/{pk}/publish").status_code == 403
    published = tokens["approver"].post(f"/staff/items/{pk}/publish", {"comment": "同意"})
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["index_number"]
    assert api.get(f"/items/{pk}").status_code == 200
    assert tokens["editor"].patch(f"/staff/items/{pk}", {"title": "改"}).status_code == 400
    withdrawn = tokens["approver"].post(f"/staff/items/{pk}/withdraw", {"reason": "内容有误"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.get(f"/items/{pk}").status_code == 404


def test_findings_are_acknowledged_before_the_pass(
    tokens: dict[str, Any], organ: Any, make_draft: Any
) -> None:
    draft = make_draft(body="<p>联系人身份证11010519491231002X。</p>")
    submitted = tokens["editor"].post(f"/staff/items/{draft.pk}/submit").json()
    assert submitted["open_findings"] == 1
    refused = tokens["secrecy"].post(f"/staff/items/{draft.pk}/pass-secrecy", {"opinion": "可"})
    assert refused.status_code == 400 and "未确认" in refused.json()["detail"]
    finding = draft.findings.get()
    ack = tokens["secrecy"].post(f"/staff/items/{draft.pk}/findings/{finding.pk}/acknowledge")
    assert ack.status_code == 200 and ack.json()["open_findings"] == 0
    back = tokens["secrecy"].post(f"/staff/items/{draft.pk}/return", {"comment": "请删去证件号"})
    assert back.json()["status"] == "draft"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"column_id": 2_000_000_000}, "column_id"),
        ({"column_id": None}, "column_id"),
        ({"title": ""}, "title"),
        ({"title": "x\x00"}, "title"),
        ({"formed_on": "2026-02-30"}, "formed_on"),
        ({"formed_on": "1800-01-01"}, "formed_on"),
        ({"kind": "secret"}, "kind"),
        ({"doc_number": "随便写的文号"}, "doc_number"),
        ({"topic_id": 2_000_000_000}, "topic_id"),
        ({"interprets_id": 2_000_000_000}, "interprets_id"),
        ({"title": "长" * 301}, "title"),
    ],
)
def test_bad_drafts_are_a_chinese_400(
    tokens: dict[str, Any], organ: Any, change: dict[str, Any], field: str
) -> None:
    before = Item.objects.count()
    response = tokens["editor"].post("/staff/items", _draft_body(organ, **change))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Item.objects.count() == before


def test_another_organs_items_do_not_exist_for_the_token(
    tokens: dict[str, Any], make_organ: Any, make_user: Any, token_for: Any, make_draft: Any
) -> None:
    other = make_organ("另一个市的财政局")
    stranger = token_for(make_user("stranger", organ=other, roles=("editor", "approver")))
    draft = make_draft()
    assert stranger.get(f"/staff/items/{draft.pk}").status_code == 404
    assert stranger.post(f"/staff/items/{draft.pk}/submit").status_code == 404
    assert stranger.patch(f"/staff/items/{draft.pk}", {"title": "改"}).status_code == 404
    assert stranger.get("/staff/items").json()["results"] == []
    into_other = stranger.post("/staff/items", _draft_body(draft.organ))
    assert into_other.status_code == 403 and "采编" in into_other.json()["detail"]
    mine = tokens["editor"].get("/staff/items", {"status": "draft"}).json()["results"]
    assert [row["id"] for row in mine] == [draft.pk]


def test_staff_endpoints_are_rate_limited_per_token(
    tokens: dict[str, Any], monkeypatch: Any
) -> None:
    from gongkai.api import common
    from gongkai.core.ratelimit import Limit

    monkeypatch.setattr(common, "STAFF_PER_TOKEN", Limit("api-token-test", 2, 60))
    codes = [tokens["editor"].get("/staff/me").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert tokens["approver"].get("/staff/me").status_code == 200  # its own count


# -- the matrix: every staff endpoint × role, own organ and another -----------------------------

#: endpoint → roles that may use it on a record of their own organ (others: 403, or 404 when the
#: record is not theirs to see; the state decides 409/400 for those allowed).
MATRIX: dict[str, frozenset[str]] = {
    "create": frozenset({"editor", "organ_admin"}),
    "update": frozenset({"editor", "organ_admin"}),
    "submit": frozenset({"editor", "organ_admin"}),
    "approve-review": frozenset({"reviewer", "organ_admin"}),
    "pass-secrecy": frozenset({"secrecy"}),
    "publish": frozenset({"approver"}),
}


def _call(client: Any, name: str, organ: Any, draft: Any) -> Any:
    if name == "create":
        return client.post("/staff/items", _draft_body(organ))
    if name == "update":
        return client.patch(f"/staff/items/{draft.pk}", {"summary": "改"})
    if name == "pass-secrecy":
        return client.post(f"/staff/items/{draft.pk}/pass-secrecy", {"opinion": "同意。"})
    return client.post(f"/staff/items/{draft.pk}/{name}")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_authorisation_matrix(
    name: str,
    organ: Any,
    staff: dict[str, Any],
    tokens: dict[str, Any],
    make_organ: Any,
    make_user: Any,
    token_for: Any,
    make_draft: Any,
) -> None:
    from django.db import transaction

    other = make_organ("另一个市的财政局")
    outsiders = {
        role: token_for(make_user(f"{role}-other", organ=other, roles=(role,))) for role in ROLES
    }
    organ.review_step = True  # every step of the chain exists
    organ.save()
    states = {
        "update": Status.DRAFT,
        "submit": Status.DRAFT,
        "approve-review": Status.PENDING_REVIEW,
        "pass-secrecy": Status.SECRECY_REVIEW,
        "publish": Status.AWAITING_APPROVAL,
        "create": Status.DRAFT,
    }
    wrong = []
    for role in ROLES:
        for where, client in (("own", tokens[role]), ("other", outsiders[role])):
            with transaction.atomic():
                draft = _walk(make_draft(), states[name], staff)
                response = _call(client, name, organ, draft)
                transaction.set_rollback(True)
            allowed = where == "own" and role in MATRIX[name]
            ok = (
                response.status_code in {200, 201}
                if allowed
                else response.status_code in {403, 404}
            )
            if not ok:
                wrong.append(f"{role}@{where}: {response.status_code} {response.content[:120]!r}")
    assert not wrong, "\n".join(wrong)


def _walk(item: Item, to: str, staff: dict[str, Any]) -> Item:
    from gongkai.catalog.services import workflow

    if to == Status.DRAFT:
        return item
    item = workflow.item_submit(actor=staff["editor"], item=item)
    if to == Status.PENDING_REVIEW:
        return item
    item = workflow.item_approve_review(actor=staff["reviewer"], item=item)
    if to == Status.SECRECY_REVIEW:
        return item
    return workflow.item_pass_secrecy(actor=staff["secrecy"], item=item, opinion="同意。")
