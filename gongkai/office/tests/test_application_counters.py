"""工作台 counters of 依申请公开 (issue 13 §8): new, due within 3 working days, overdue with
超期 N 个工作日; each links to the queue filtered the same way."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.tests.conftest import CITIZEN
from gongkai.core.workcal.calendar import default_calendar, working_days_between

TODAY = date(2026, 3, 26)  # a Thursday: 2026-03-30 is two working days ahead


@pytest.fixture
def register(organ, staff):
    from gongkai.applications.services.intake import application_register

    def run(*, channel="in_person", submitted_on=date(2026, 3, 2), data=None):
        return application_register(
            actor=staff["editor"],
            organ=organ,
            channel=channel,
            submitted_on=submitted_on,
            data={**CITIZEN, **(data or {})},
        ).application

    return run


def _at_today():
    return time_machine.travel(
        timezone.make_aware(datetime.combine(TODAY, datetime.min.time())).replace(hour=10)
    )


def _cases(register):
    new = register(channel="online", data={"phone": "13800000001"})
    soon = register(submitted_on=date(2026, 3, 2), data={"phone": "13800000002"})
    late = register(submitted_on=date(2026, 1, 5), data={"phone": "13800000003"})
    assert new.due_date is None and soon.due_date == date(2026, 3, 30)
    assert late.due_date is not None and late.due_date < TODAY
    return new, soon, late


def test_handler_sees_counters_that_match_the_queue(login, staff, register) -> None:
    new, soon, late = _cases(register)
    days_late = working_days_between(late.due_date, TODAY, default_calendar())
    client = login(staff["editor"])
    with _at_today():
        page = client.get(reverse("office:dashboard")).content.decode()
        queue = reverse("office_apps:queue")
        assert 'id="count-apps-new">1<' in page
        assert 'id="count-apps-soon">1<' in page and "申请3个工作日内到期" in page
        assert 'id="count-apps-overdue">1<' in page
        assert f"最长超期 {days_late} 个工作日" in page
        assert f"超期 {days_late} 个工作日" in page and late.reference in page
        for query, case in [
            ("status=awaiting_confirmation", new),
            ("due=soon", soon),
            ("due=overdue", late),
        ]:
            assert f'href="{queue}?{query}"' in page
            listed = client.get(f"{queue}?{query}").content.decode()
            others = {new, soon, late} - {case}
            assert f">{case.reference}<" in listed
            assert not any(f">{o.reference}<" in listed for o in others), query


def test_no_application_counters_for_staff_who_do_not_handle_them(login, staff, register) -> None:
    _cases(register)
    with _at_today():
        page = login(staff["secrecy"]).get(reverse("office:dashboard")).content.decode()
    assert "count-apps-new" not in page and "超期未答复的申请" not in page


def test_dashboard_lists_my_newest_unread_notices(login, staff, organ) -> None:
    from gongkai.inbox.models import NoticeKind
    from gongkai.inbox.services import notice_send

    notice_send(
        recipients=[staff["approver"]],
        kind=NoticeKind.WAITING,
        key="t",
        title="待签发：关于做好就业补贴申领工作的通知",
        link="/office/items/1/",
        organ=organ,
    )
    page = login(staff["approver"]).get(reverse("office:dashboard")).content.decode()
    assert "待签发：关于做好就业补贴申领工作的通知" in page and 'id="h-notices"' in page
    other = login(staff["editor"]).get(reverse("office:dashboard")).content.decode()
    assert "待签发：关于做好就业补贴申领工作的通知" not in other and "没有未读通知" in other
