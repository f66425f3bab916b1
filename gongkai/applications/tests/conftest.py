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


@pytest.fixture
def head(make_user: Callable[..., Any], organ: Any) -> Any:
    """The head of the organ's GIO working body (Art. 33: consents to extensions)."""
    return make_user("gio_head", organ=organ, roles=("gio_head",))


@pytest.fixture
def answer(staff: dict[str, Any]) -> Callable[..., Any]:
    """Answer a case the way the organ signs answers off: the 采编 drafts it, the 审核 passes it
    (organs that use it), the 签发 signs it on `on` (the answer date)."""
    from gongkai.applications.models import AppStatus
    from gongkai.applications.services import signoff

    def run(app: Any, *, outcome: str, on: date, reason: str = "", drafted: Any = None) -> Any:
        app = signoff.application_draft_answer(
            actor=staff["editor"], app=app, outcome=outcome, on=drafted or on, reason=reason
        )
        if app.status == AppStatus.ANSWER_REVIEW:
            app = signoff.application_review_answer(actor=staff["reviewer"], app=app)
        return signoff.application_sign_answer(actor=staff["approver"], app=app, on=on)

    return run
