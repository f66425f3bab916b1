"""Fixtures of the open API's tests: a small organ tree with public and non-public items made
through the real services, and a token per role."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.catalog.models import Attribute, Column, Item, LegalBasis
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    # WhiteNoise warns (an error here) when STATIC_ROOT does not exist on a fresh checkout.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


class Api:
    """The test client speaking JSON to /api/v1/, with an optional token."""

    def __init__(self, token: str = "") -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            **self.headers,
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def token_for() -> Callable[[Any], Api]:
    from gongkai.api.services import token_create

    def make(user: Any) -> Api:
        return Api(token_create(actor=user, user=user, name="测试").secret)

    return make


@pytest.fixture
def world(make_organ: Any, make_user: Any) -> dict[str, Any]:
    """A city government P with department A below it, and B elsewhere; in A items of every
    kind of visibility, in B one published item."""
    from gongkai.orgs.models import Organ

    parent = make_organ("测试市人民政府", kind=Organ.Kind.GOVERNMENT)
    a = make_organ("测试市人力资源和社会保障局", parent=parent)
    b = make_organ("另一个市的财政局")
    crew = {
        o.pk: make_user(f"crew{o.pk}", organ=o, roles=("editor", "secrecy", "approver"))
        for o in (parent, a, b)
    }

    def item(organ: Organ, *, publish: bool = True, column: str = "policy", **kw: Any) -> Item:
        user = crew[organ.pk]
        values: dict[str, Any] = {
            "title": "关于做好就业补贴申领工作的通知",
            "formed_on": date(2026, 3, 2),
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        }
        values.update(kw)
        col = Column.objects.get(organ=organ, code=column)
        draft = item_create(actor=user, organ=organ, column=col, fields=ItemFields(**values)).item
        if not publish:
            return draft
        draft = workflow.item_submit(actor=user, item=draft)
        for finding in draft.findings.all():
            workflow.finding_acknowledge(actor=user, finding=finding)
        draft = workflow.item_pass_secrecy(actor=user, item=draft, opinion="同意公开。")
        return workflow.item_publish(actor=user, item=draft)

    items = {
        "parent": item(parent, title="市政府关于印发年度工作要点的通知"),
        "a_policy": item(a, title="关于调整失业保险金标准的通知", kind="policy"),
        "a_general": item(a, title="就业补贴申领指南", kind="general", column="policy"),
        "b": item(b, title="关于财政预算公开的通知"),
        "draft": item(a, publish=False, title="尚未发布的草稿"),
        "on_request": item(
            a,
            title="依申请公开的内部文件",
            attribute=Attribute.ON_REQUEST,
            attribute_reason="不属于主动公开范围",
            attribute_basis=LegalBasis.ART19_NOT_PROACTIVE,
        ),
    }
    withdrawn = item(a, title="已撤回的通知")
    items["withdrawn"] = workflow.item_withdraw(actor=crew[a.pk], item=withdrawn, reason="内容有误")
    return {"parent": parent, "a": a, "b": b, "crew": crew, "items": items}
