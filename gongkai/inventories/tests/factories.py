"""Objects of an organ's lists for the authorisation matrix (`tests/test_authz_matrix.py`):
a draft with an entry, a guide, and an entry of a published 负面清单."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.inventories.models import Kind
from gongkai.inventories.services.guides import GuideFields, guide_save
from gongkai.inventories.services.versions import (
    EntryFields,
    draft_start,
    entry_save,
    version_publish,
)
from gongkai.orgs.models import Organ


def authz_objects(*, organ: Organ, editor: Any, approver: Any) -> dict[str, Any]:
    draft = draft_start(actor=editor, organ=organ, kind=Kind.POWERS)
    entry = entry_save(
        actor=editor,
        version=draft,
        fields=EntryFields(name="人力资源服务许可", power_type="行政许可", basis="条例第十八条"),
    )
    negative = draft_start(actor=editor, organ=organ, kind=Kind.NEGATIVE)
    withheld = entry_save(
        actor=editor,
        version=negative,
        fields=EntryFields(
            name="举报人信息",
            reason="个人隐私",
            basis="条例第十五条",
            next_review_on=date(2026, 1, 1),
        ),
    )
    version_publish(actor=approver, version=negative, change_log="")
    guide = guide_save(actor=editor, organ=organ, fields=GuideFields(title="就业登记"))
    return {
        "inventory_version": draft,
        "inventory_entry": entry,
        "negative_entry": withheld,
        "service_guide": guide,
    }
