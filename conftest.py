"""Shared pytest fixtures: organs with valid codes, users in roles, drafts ready to publish."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.core.identifiers import make_org_code, make_uscc

_seq = itertools.count(1)


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
        }
        defaults.update(kw)
        return organ_create(actor=None, parent=parent, **defaults)

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
    from gongkai.catalog.services.items import item_create

    def make(**fields: Any) -> Any:
        column = fields.pop("column", None) or Column.objects.get(organ=organ, code="policy")
        values: dict[str, Any] = {
            "title": "关于做好就业补贴申领工作的通知",
            "formed_on": date(2026, 3, 2),
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        }
        values.update(fields)
        return item_create(actor=staff["editor"], organ=organ, column=column, **values).item

    return make


@pytest.fixture
def publish(staff: dict[str, Any]) -> Callable[..., Any]:
    """Walk a draft through submit → acknowledge → 保密审查 → 签发."""
    from gongkai.catalog.services import workflow

    def run(item: Any) -> Any:
        item = workflow.item_submit(actor=staff["editor"], item=item)
        for finding in item.findings.all():
            workflow.finding_acknowledge(actor=staff["secrecy"], finding=finding)
        item = workflow.item_pass_secrecy(actor=staff["secrecy"], item=item)
        return workflow.item_publish(actor=staff["approver"], item=item)

    return run
