"""Shared pytest fixtures: organs with valid codes, users in roles, drafts ready to publish."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from gongkai.core.identifiers import make_org_code, make_uscc

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _empty_caches() -> Iterator[None]:
    """Every test starts with empty caches: a page cached by one test (its organs and items
    rolled back since) must not answer another's request, nor a rate-limit count carry over."""
    from django.core.cache import caches

    from gongkai.core import cache_tags

    for alias in ("default", "pages"):
        caches[alias].clear()
    cache_tags.resume()
    yield


@pytest.fixture
def make_organ(db: Any) -> Callable[..., Any]:
    from gongkai.orgs.models import Organ
    from gongkai.orgs.services import organ_create

    def make(name: str = "", *, parent: Organ | None = None, **kw: Any) -> Organ:
        n = next(_seq)
        org_code = make_org_code(f"{70000000 + n:08d}")
        defaults: dict[str, Any] = {
            "name": name or f"测试市第{n}局",
            "kind": Organ.Kind.DEPARTMENT,
            "level": Organ.Level.CITY,
            "org_code": org_code,
            "credit_code": make_uscc(registration="11", division="330100", org_code9=org_code),
            "gio_name": "办公室",
            "gio_phone": "0571-12345678",
            # Tests about other things walk 草稿 → 待保密审查 directly; the 审核 step's own tests
            # (catalog/tests/test_review_step.py, the browser walk) turn it on (default: on).
            "review_step": False,
        }
        defaults.update(kw)
        return organ_create(actor=None, organ=Organ(parent=parent, **defaults))

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    from gongkai.orgs.models import Membership

    def make(
        username: str = "", *, organ: Any = None, roles: tuple[str, ...] = (), **kw: Any
    ) -> Any:
        user = get_user_model().objects.create_user(
            username=username or f"user{next(_seq)}", password="pw-Test-1234", **kw
        )
        for role in roles:
            Membership.objects.create(user=user, organ=organ, role=role)
        return user

    return make


@pytest.fixture
def organ(make_organ: Callable[..., Any]) -> Any:
    return make_organ("测试市人力资源和社会保障局")


@pytest.fixture
def staff(make_user: Callable[..., Any], organ: Any) -> dict[str, Any]:
    """One user per workflow role in `organ`."""
    return {
        role: make_user(role, organ=organ, roles=(role,))
        for role in ("editor", "reviewer", "secrecy", "approver", "organ_admin")
    }


@pytest.fixture
def make_draft(organ: Any, staff: dict[str, Any]) -> Callable[..., Any]:
    from gongkai.catalog.models import Column
    from gongkai.catalog.services.items import ItemFields, item_create

    def make(**fields: Any) -> Any:
        column = fields.pop("column", None) or Column.objects.get(organ=organ, code="policy")
        values: dict[str, Any] = {
            "title": "关于做好就业补贴申领工作的通知",
            "formed_on": date(2026, 3, 2),
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        }
        values.update(fields)
        return item_create(
            actor=staff["editor"], organ=organ, column=column, fields=ItemFields(**values)
        ).item

    return make


@pytest.fixture
def publish(staff: dict[str, Any]) -> Callable[..., Any]:
    """Walk a draft through submit (→ 审核) → acknowledge → 保密审查 → 签发."""
    from gongkai.catalog.services import workflow

    def run(item: Any) -> Any:
        item = workflow.item_submit(actor=staff["editor"], item=item)
        if item.organ.review_step:  # 审核 first where the organ uses that step
            item = workflow.item_approve_review(actor=staff["reviewer"], item=item)
        for finding in item.findings.all():
            workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
        item = workflow.item_pass_secrecy(
            actor=staff["secrecy"], item=item, opinion="经审查，同意公开。"
        )
        return workflow.item_publish(actor=staff["approver"], item=item)

    return run


@pytest.fixture
def login(client: Any) -> Callable[[Any], Any]:
    """The test client, logged in as `user` (staff view tests of catalog and office)."""

    def as_user(user: Any) -> Any:
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(params=["tantivy", "postgres"])
def search_backend(request: Any, settings: Any, tmp_path: Any, db: Any) -> Iterator[Any]:
    """Each search backend with an empty, ready index (search tests and the portal's search
    page); postgres only when the database is PostgreSQL."""
    from django.db import connection

    from gongkai.search.handler import get_backend, reset_backends

    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL 检索后端只在 PostgreSQL 上测试：设置 "
            "GONGKAI_DATABASE_URL=postgres://… 后运行（当前数据库为 SQLite）。"
        )
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": request.param, "OPTIONS": {"PATH": tmp_path / "index"}}
    }
    reset_backends()
    backend = get_backend()
    backend.clear()
    backend.mark_ready(True)
    yield backend
    reset_backends()
