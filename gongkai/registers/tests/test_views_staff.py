"""Back office: a 规范性文件 registered, reviewed and signed through the pages; a refused
number comes back with its message; a proposal without a reason is refused on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.registers.models import CampaignLine, EntryStatus, RegisterEntry
from gongkai.registers.services.campaigns import campaign_open
from gongkai.registers.tests.test_services_campaigns import signed_entry

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_register_review_and_sign_through_the_pages(
    people: dict[str, Any], series: Any, policy: Callable[..., Any]
) -> None:
    item = policy()
    editor = _as(people["editor"])
    assert editor.get(reverse("office_registers:index")).status_code == 200
    response = editor.post(reverse("office_registers:entry_new"), {"item": item.pk})
    entry = RegisterEntry.objects.get(item=item)
    assert response.status_code == 302 and entry.number.startswith("岚人社规〔")
    url = reverse("office_registers:entry", args=[entry.pk])
    approver = _as(people["approver"])
    sign = reverse("office_registers:entry_act", args=[entry.pk, "sign"])
    page = approver.post(sign, {"signed_on": "2026-03-05"}, follow=True).content.decode()
    assert "未经合法性审核、集体审议的规范性文件不得签发" in page
    act = reverse("office_registers:entry_act", args=[entry.pk, "check"])
    for kind, body in (("legality", "县司法局"), ("collective", "局党组会议")):
        editor.post(
            act, {"kind": kind, "held_on": "2026-03-03", "body": body, "conclusion": "同意。"}
        )
    approver.post(sign, {"signed_on": "2026-03-05"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SIGNED
    assert "已签发" in editor.get(url).content.decode()
    # The editor may not sign: the service refuses (403), whatever the page showed.
    assert (
        editor.post(
            reverse("office_registers:entry_act", args=[entry.pk, "renew"]), {"reason": "x"}
        ).status_code
        == 403
    )


def test_a_number_used_twice_comes_back_with_its_message(
    people: dict[str, Any], series: Any, policy: Callable[..., Any]
) -> None:
    editor = _as(people["editor"])
    first, second = policy("一"), policy("二")
    editor.post(
        reverse("office_registers:entry_new"), {"item": first.pk, "number": "岚人社规〔2026〕5号"}
    )
    response = editor.post(
        reverse("office_registers:entry_new"), {"item": second.pk, "number": "岚人社规〔2026〕5号"}
    )
    assert response.status_code == 400
    assert "已经登记过，同一编号不能使用两次" in response.content.decode()
    assert not RegisterEntry.objects.filter(item=second).exists()


def test_a_proposal_without_reason_is_refused_on_the_page(
    people: dict[str, Any], county: Any, series: Any, policy: Callable[..., Any]
) -> None:
    signed_entry(people, policy())
    campaign = campaign_open(actor=people["office"], organ=county, title="清理")
    line = campaign.lines.get()
    editor = _as(people["editor"])
    url = reverse("office_registers:campaign_act", args=[campaign.pk, "propose"])
    page = editor.post(url, {"line": line.pk, "proposal": "repeal", "reason": ""}, follow=True)
    assert "请填写理由" in page.content.decode()
    assert CampaignLine.objects.get(pk=line.pk).proposal == ""
    editor.post(url, {"line": line.pk, "proposal": "repeal", "reason": "已被新办法取代。"})
    assert CampaignLine.objects.get(pk=line.pk).proposal == "repeal"
    assert (
        _as(people["outsider"])
        .get(reverse("office_registers:campaign", args=[campaign.pk]))
        .status_code
        == 404
    )
