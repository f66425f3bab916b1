"""Audit rows of the lists read in Chinese (labels of keys and choices)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongkai.core.audit import action_label, audit_data_text
from gongkai.core.models import AuditEvent
from gongkai.inventories.models import InventoryVersion, Kind

pytestmark = pytest.mark.django_db


def test_version_events_read_in_chinese(publish: Callable[..., InventoryVersion]) -> None:
    publish(Kind.POWERS)
    create = AuditEvent.objects.get(action="inventory_version.create")
    assert action_label(create.action) == "新建草稿"
    assert "清单类型：权责清单" in audit_data_text(create.data, action=create.action)
    published = AuditEvent.objects.get(action="inventory_version.publish")
    text = audit_data_text(published.data, action=published.action)
    assert "事项数" in text and "新增" in text
    assert action_label("negative_list.review") == "复核负面清单事项"
