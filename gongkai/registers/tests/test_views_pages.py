"""Every page renders in every state the demo leaves (filed entries, a published cleanup, a
concluded draw); the command runs the lapse job; the verification page is rate-limited."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.registers.demo import build_registers

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(county: Any, dept: Any, people: dict[str, Any]) -> Any:
    return build_registers(
        government=county,
        department=dept,
        staff={**people, "organ_admin": people["admin"]},
        office=people["office"],
        agency="岚人社规",
    )


def test_staff_and_public_pages_render(made: Any, people: dict[str, Any]) -> None:
    staff = Client()
    staff.force_login(people["office"])
    urls = [
        reverse("office_registers:index"),
        reverse("office_registers:series"),
        reverse("office_registers:entry_new"),
        reverse("office_registers:campaign_new"),
        reverse("office_registers:pool_new"),
        reverse("office_registers:draw_new"),
        reverse("office_registers:entry", args=[made.entries[0].pk]),
        reverse("office_registers:campaign", args=[made.campaign.pk]),
        reverse("office_registers:draw", args=[made.draw.pk]),
    ]
    for url in urls:
        assert staff.get(url).status_code == 200, url
    public = Client()
    draw = made.draw
    page = public.get(reverse("registers:draw", args=[draw.pk])).content.decode()
    assert "已责令限期整改" in page and "检查结果" in page
    page = public.get(reverse("registers:campaign", args=[made.campaign.pk])).content.decode()
    for label in ("继续有效", "修改", "废止", "宣布失效"):
        assert f"{label}的文件目录（1 件）" in page
    assert made.entries[0].number in public.get(reverse("registers:index")).content.decode()


def test_the_command_runs_the_lapse_job(made: Any) -> None:
    out = StringIO()
    entry = made.entries[-1]
    call_command("registers", "lapse", "--today", entry.expires_on.isoformat(), stdout=out)
    assert "失效 1 件" in out.getvalue()


def test_the_verification_page_is_rate_limited(made: Any) -> None:
    client = Client()
    url = reverse("registers:verify", args=[made.draw.pk])
    statuses = [client.post(url, {}).status_code for _ in range(31)]
    assert statuses[:30] == [400] * 30 and statuses[30] == 429
