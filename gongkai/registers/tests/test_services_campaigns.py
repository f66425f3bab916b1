"""清理 campaigns: every entry of the subtree listed, proposals with reasons, publication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.registers.models import CampaignStatus, CheckKind, Proposal, RegisterEntry
from gongkai.registers.services.campaigns import campaign_open, campaign_propose, campaign_publish
from gongkai.registers.services.register import check_record, entry_register, entry_sign

pytestmark = pytest.mark.django_db


def signed_entry(people: dict[str, Any], item: Any) -> RegisterEntry:
    entry = entry_register(actor=people["editor"], item=item).entry
    for kind in (CheckKind.LEGALITY, CheckKind.COLLECTIVE):
        check_record(
            actor=people["editor"],
            entry=entry,
            kind=kind,
            held_on=date(2026, 1, 5),
            body="县司法局",
            conclusion="同意。",
        )
    return entry_sign(actor=people["approver"], entry=entry, signed_on=date(2026, 1, 6))


def test_a_campaign_lists_the_subtree_and_needs_reasons(
    people: dict[str, Any], county: Any, series: Any, policy: Callable[..., Any]
) -> None:
    one = signed_entry(people, policy("一"))
    two = signed_entry(people, policy("二"))
    entry_register(actor=people["editor"], item=policy("未签发"))  # not in force: not listed
    campaign = campaign_open(actor=people["office"], organ=county, title="2026年规范性文件清理")
    lines = {line.entry_id: line for line in campaign.lines.all()}
    assert set(lines) == {one.pk, two.pk}
    with pytest.raises(ValidationError, match="理由"):  # bad input of issue 19
        campaign_propose(
            actor=people["editor"], line=lines[one.pk], proposal=Proposal.REPEAL, reason="  "
        )
    lines[one.pk].refresh_from_db()
    assert lines[one.pk].proposal == ""
    with pytest.raises(PermissionDenied):
        campaign_propose(
            actor=people["outsider"], line=lines[one.pk], proposal=Proposal.REPEAL, reason="x"
        )
    campaign_propose(
        actor=people["editor"],
        line=lines[one.pk],
        proposal=Proposal.REPEAL,
        reason="上位法已修改，本办法不再适用。",
    )
    with pytest.raises(ValidationError, match="尚有 1 件"):
        campaign_publish(actor=people["office"], campaign=campaign)
    campaign_propose(
        actor=people["approver"],
        line=lines[two.pk],
        proposal=Proposal.CONTINUE,
        reason="符合现行规定。",
    )
    with pytest.raises(PermissionDenied):
        campaign_publish(actor=people["editor"], campaign=campaign)
    campaign = campaign_publish(actor=people["office"], campaign=campaign)
    assert campaign.status == CampaignStatus.PUBLISHED
    with pytest.raises(ValidationError, match="已公布"):
        campaign_propose(
            actor=people["editor"], line=lines[two.pk], proposal=Proposal.AMEND, reason="x"
        )


def test_nothing_to_clean_is_refused(people: dict[str, Any], county: Any) -> None:
    with pytest.raises(ValidationError, match="无需清理"):
        campaign_open(actor=people["office"], organ=county, title="清理")
