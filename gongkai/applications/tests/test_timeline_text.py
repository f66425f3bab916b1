"""The 办理记录 of an application reads in Chinese: keys labelled, dates as 2026年3月2日, field
names as their verbose names, choices by their labels — never `confirmed_on：…` or
`fields：['id_number']` (issue 13, point 14)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from gongkai.applications.selectors import staff_timeline
from gongkai.applications.services import casework, workflow

pytestmark = pytest.mark.django_db


def test_staff_timeline_shows_chinese_labels_and_values(
    register: Any, staff: dict[str, Any]
) -> None:
    app = register(channel="online", submitted_on=date(2026, 3, 2))
    app = workflow.application_confirm_receipt(
        actor=staff["editor"], app=app, confirmed_on=date(2026, 3, 3)
    )
    casework.personal_data_viewed(actor=staff["editor"], app=app, fields=["id_number", "phone"])
    casework.application_assign(actor=staff["editor"], app=app, assignee=staff["reviewer"])
    details = [row["detail"] for row in staff_timeline(app)]
    text = "\n".join(details)
    assert "确认收到日期：2026年3月3日" in text
    assert "查看的信息：证件号码、联系电话" in text or "查看的信息：身份证号码、联系电话" in text
    assert "申请方式：" in text
    assert "承办人：无 → reviewer" in text
    # No internal key, list literal or ISO date is left.
    assert not re.search(r"[a-z_]+：|\['|\d{4}-\d{2}-\d{2}", text), text
