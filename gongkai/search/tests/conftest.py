"""Search fixtures: items published for real (`search_backend` is in the root conftest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Column, Item
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_create


@pytest.fixture
def crew(make_user: Callable[..., Any]) -> Callable[[Any], Any]:
    users: dict[int, Any] = {}

    def get(organ: Any) -> Any:
        if organ.pk not in users:
            users[organ.pk] = make_user(organ=organ, roles=("editor", "secrecy", "approver"))
        return users[organ.pk]

    return get


@pytest.fixture
def publish_item(
    organ: Any, crew: Callable[[Any], Any], django_capture_on_commit_callbacks: Any
) -> Callable[..., Item]:
    """Create and publish through the workflow services; on-commit indexing runs inline."""

    def make(
        *, in_organ: Any = None, column: str = "policy", publish: bool = True, **fields: Any
    ) -> Item:
        target = in_organ or organ
        user = crew(target)
        col = Column.objects.get(organ=target, code=column)
        values: dict[str, Any] = {
            "title": "关于做好就业补贴申领工作的通知",
            "formed_on": date(2026, 3, 2),
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        }
        values.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            item = item_create(
                actor=user, organ=target, column=col, fields=ItemFields(**values)
            ).item
            if not publish:
                return item
            item = workflow.item_submit(actor=user, item=item)
            for finding in item.findings.all():
                workflow.finding_acknowledge(actor=user, finding=finding)
            item = workflow.item_pass_secrecy(actor=user, item=item, opinion="经审查，同意公开。")
            item = workflow.item_publish(actor=user, item=item)
        return item

    return make


@pytest.fixture
def withdraw(
    crew: Callable[[Any], Any], django_capture_on_commit_callbacks: Any
) -> Callable[..., Item]:
    def run(item: Item, reason: str = "内容有误") -> Item:
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.item_withdraw(actor=crew(item.organ), item=item, reason=reason)

    return run
