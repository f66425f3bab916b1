from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

CITIZEN = {
    "applicant_type": "natural",
    "name": "李明",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "liming@example.com",
    "address": "测试市人民路1号",
    "description": "2025年度本市就业补贴发放情况统计表",
    "info_form": "electronic",
    "delivery": "email",
}


@pytest.fixture
def citizen() -> dict[str, Any]:
    return dict(CITIZEN)


@pytest.fixture
def register(organ: Any, staff: dict[str, Any]) -> Callable[..., Any]:
    from gongkai.applications.services.intake import application_register

    def run(*, channel: str = "in_person", submitted_on: date = date(2026, 3, 2), **kw: Any) -> Any:
        data = dict(CITIZEN)
        data.update(kw.pop("data", {}))
        return application_register(
            actor=kw.pop("actor", staff["editor"]),
            organ=organ,
            channel=channel,
            submitted_on=submitted_on,
            data=data,
            **kw,
        ).application

    return run
