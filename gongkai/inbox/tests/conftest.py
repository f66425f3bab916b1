from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def send(organ: Any) -> Callable[..., Any]:
    """`notice_send` with the defaults a test does not care about."""
    from gongkai.inbox.models import NoticeKind
    from gongkai.inbox.services import notice_send

    def run(recipients: list[Any], key: str = "k1", **kw: Any) -> list[Any]:
        values: dict[str, Any] = {
            "kind": NoticeKind.WAITING,
            "title": "待保密审查：关于做好就业补贴申领工作的通知",
            "body": "等待保密审查办理。",
            "link": "/office/items/1/",
            "organ": organ,
        }
        values.update(kw)
        return notice_send(recipients=recipients, key=key, **values)

    return run
