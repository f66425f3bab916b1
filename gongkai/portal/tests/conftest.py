"""Portal fixtures: public items made through the real workflow (never by writing `status`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.catalog.models import Attribute, Column, Item, LegalBasis
from gongkai.catalog.services import workflow
from gongkai.catalog.services.items import ItemFields, attachment_add, item_create


def _png() -> bytes:
    """A real 1×1 PNG drawn by Pillow (uploads are opened and verified before they are kept)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    # WhiteNoise warns (an error under our filterwarnings) when STATIC_ROOT does not exist yet,
    # which is the case on a fresh checkout before `collectstatic`.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def crew(make_user: Callable[..., Any]) -> Callable[[Any], Any]:
    """One user per organ holding 采编, 保密审查 and 签发 there."""
    users: dict[int, Any] = {}

    def get(organ: Any) -> Any:
        if organ.pk not in users:
            users[organ.pk] = make_user(organ=organ, roles=("editor", "secrecy", "approver"))
        return users[organ.pk]

    return get


@pytest.fixture
def make_item(organ: Any, crew: Callable[[Any], Any]) -> Callable[..., Item]:
    """Create an item through the services; `publish=True` walks it to 签发."""

    def make(
        *,
        in_organ: Any = None,
        column: str | Column = "policy",
        publish: bool = True,
        attachment: bool = False,
        **fields: Any,
    ) -> Item:
        target = in_organ or organ
        user = crew(target)
        col = (
            column if isinstance(column, Column) else Column.objects.get(organ=target, code=column)
        )
        values: dict[str, Any] = {
            "title": "关于做好就业补贴申领工作的通知",
            "formed_on": date(2026, 3, 2),
            "body": "<p>各有关单位：现就就业补贴申领工作通知如下。</p>",
        }
        values.update(fields)
        if values.get("attribute", Attribute.PROACTIVE) == Attribute.ON_REQUEST:
            values.setdefault("attribute_reason", "不属于主动公开范围")
            values.setdefault("attribute_basis", LegalBasis.ART19_NOT_PROACTIVE)
        item = item_create(actor=user, organ=target, column=col, fields=ItemFields(**values)).item
        if attachment:
            attachment_add(actor=user, item=item, name="示意图.png", data=PNG)
        if not publish:
            return item
        item = workflow.item_submit(actor=user, item=item)
        for finding in item.findings.all():
            workflow.finding_acknowledge(actor=user, finding=finding)
        item = workflow.item_pass_secrecy(actor=user, item=item, opinion="经审查，同意公开。")
        return workflow.item_publish(actor=user, item=item)

    return make


@pytest.fixture
def withdraw(crew: Callable[[Any], Any]) -> Callable[[Item, str], Item]:
    def run(item: Item, reason: str) -> Item:
        return workflow.item_withdraw(actor=crew(item.organ), item=item, reason=reason)

    return run
