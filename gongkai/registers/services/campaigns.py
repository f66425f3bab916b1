"""清理 of 规范性文件 (国办发〔2018〕37号: 定期清理, 清理结果向社会公布).

The 公开办 opens a campaign for its organ's subtree: every register entry in force there is
listed. Each issuing organ proposes 继续有效 / 修改 / 废止 / 宣布失效 for its own documents, with
its reason (none → refused). When every document has a proposal the 公开办 publishes the
resulting lists (the public page `registers_public:campaign`). Changing an item's 有效性 after
the campaign stays the catalog's own 有效性变更 (提请 → 签发), so the published list and the
catalog never disagree by a silent write.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.registers.audit import RegistersAudit
from gongkai.registers.models import (
    IN_FORCE,
    Campaign,
    CampaignLine,
    CampaignStatus,
    Proposal,
    RegisterEntry,
)
from gongkai.registers.transitions import CAMPAIGN_MACHINE, CampaignEvent

#: Who proposes for an organ's own documents.
PROPOSERS = frozenset({Role.EDITOR, Role.APPROVER, Role.ORGAN_ADMIN})


@transaction.atomic
def campaign_open(
    *, actor: Actor, organ: Organ, title: str, basis: str = "", deadline: date | None = None
) -> Campaign:
    """发起清理: lists every register entry in force in `organ`'s subtree."""
    title = title.strip()
    campaign = Campaign(
        organ=organ,
        title=title,
        basis=basis.strip(),
        deadline=deadline,
        created_by=user_of(actor),
    )
    CAMPAIGN_MACHINE.check(actor, campaign, CampaignEvent.OPEN)
    if not title:
        raise ValidationError({"title": "请填写清理名称。"})
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": "截止日期不能早于今天。"})
    entries = list(
        RegisterEntry.objects.filter(
            organ__path__startswith=organ.path, status__in=IN_FORCE
        ).order_by("pk")
    )
    if not entries:
        raise ValidationError("本机关及下属机关没有现行有效的登记文件，无需清理。")
    CAMPAIGN_MACHINE.fire(
        actor=actor, obj=campaign, event=CampaignEvent.OPEN, data={"entries": len(entries)}
    )
    CampaignLine.objects.bulk_create([CampaignLine(campaign=campaign, entry=e) for e in entries])
    return campaign


@transaction.atomic
def campaign_propose(
    *, actor: Actor, line: CampaignLine, proposal: str, reason: str
) -> CampaignLine:
    """The issuing organ's proposal for one of its documents, with the reason."""
    campaign = CAMPAIGN_MACHINE.lock(line.campaign)
    line = CampaignLine.objects.select_for_update().select_related("entry__organ").get(pk=line.pk)
    require_roles(
        actor,
        line.entry.organ,
        PROPOSERS,
        message="只有制发机关的工作人员可以对本机关文件提出清理意见。",
    )
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError("清理结果已公布，不能再提出或修改意见。")
    reason = reason.strip()
    errors = {}
    if proposal not in Proposal.values:
        errors["proposal"] = "请选择清理意见：继续有效、修改、废止或宣布失效。"
    if not reason:
        errors["reason"] = "请填写理由：清理意见须说明理由。"
    if errors:
        raise ValidationError(errors)
    line.proposal = proposal
    line.reason = reason
    line.proposed_by = user_of(actor)
    line.proposed_at = timezone.now()
    line.save(update_fields=["proposal", "reason", "proposed_by", "proposed_at"])
    audit_record(
        actor=actor,
        action=RegistersAudit.PROPOSE,
        obj=campaign,
        organ_id=line.entry.organ_id,
        comment=reason,
        data={"entry": line.entry.number, "proposal": proposal},
    )
    return line


@transaction.atomic
def campaign_publish(*, actor: Actor, campaign: Campaign) -> Campaign:
    """公布清理结果: only when every listed document has its proposal."""
    campaign = CAMPAIGN_MACHINE.lock(campaign)
    CAMPAIGN_MACHINE.check(actor, campaign, CampaignEvent.PUBLISH)
    waiting = campaign.lines.filter(proposal="").count()
    if waiting:
        raise ValidationError(f"尚有 {waiting} 件文件未提出清理意见，不能公布清理结果。")
    campaign.published_at = timezone.now()
    counts = {p: campaign.lines.filter(proposal=p).count() for p in Proposal.values}
    return CAMPAIGN_MACHINE.fire(
        actor=actor, obj=campaign, event=CampaignEvent.PUBLISH, data={"counts": counts}
    )
