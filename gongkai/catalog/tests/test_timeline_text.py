"""The 办理记录 of an item reads in Chinese: a 有效性 change is `有效性：有效 → 已失效`, not
`valid → expired` (issue 13, point 14)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from gongkai.catalog.models import Validity
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, item_update
from gongkai.catalog.views.staff_workflow import timeline

pytestmark = pytest.mark.django_db


def test_item_timeline_shows_chinese_labels_and_values(
    make_draft: Any, publish: Any, staff: dict[str, Any]
) -> None:
    item = make_draft()
    item_update(
        actor=staff["editor"],
        item=item,
        fields=ItemFields(
            title="关于做好2026年就业补贴申领工作的通知",
            formed_on=date(2026, 3, 2),
            body="<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        ),
    )
    item = publish(item)
    workflow.item_set_validity(
        actor=staff["approver"],
        item=item,
        validity=Validity.EXPIRED,
        changed_on=date(2026, 6, 30),
        note="有效期届满",
    )
    text = "\n".join(row["detail"] for row in timeline(item))
    labels = dict(Validity.choices)
    assert f"有效性：{labels['valid']} → {labels['expired']}" in text
    assert "修改的项目：标题" in text
    assert "说明：有效期届满" in text
    assert not re.search(r"[a-z_]+：|\['|\bvalid\b|expired", text), text
