"""Every audit row the registers write reads in Chinese in the 办理记录 (no raw keys)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.core.audit import audit_data_text
from gongkai.core.models import AuditEvent
from gongkai.registers.demo import build_registers
from gongkai.registers.services.register import registers_lapse_due

pytestmark = pytest.mark.django_db


def test_the_demo_s_audit_rows_read_in_chinese(
    county: Any, dept: Any, people: dict[str, Any]
) -> None:
    made = build_registers(
        government=county,
        department=dept,
        staff={**people, "organ_admin": people["admin"]},
        office=people["office"],
        agency="岚人社规",
    )
    entry = made.entries[-1]
    assert entry.expires_on is not None
    registers_lapse_due(today=entry.expires_on)  # the notice and the lapse, by the system
    events = AuditEvent.objects.filter(action__regex=r"^(norm_|inspection_|item\.expire)").order_by(
        "pk"
    )
    actions = set(events.values_list("action", flat=True))
    assert {"norm_entry.lapse", "item.expire", "inspection_draw.draw"} <= actions
    for event in events:
        text = audit_data_text(event.data, action=event.action)
        raw = re.findall(r"(?:^|；)([a-z_]+)：", text)
        assert not raw, f"{event.action}: {text}"
