"""建议提案办理: 人大代表建议 and 政协委员提案 assigned to a lead organ (and co-organs), their
deadline from 交办 (`deadlines.proposal_due`), and the 办理复文: a catalog item whose 公开属性
decides whether the public reads its full text or a 摘要 (`rules.reply_disclosure_problem`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.catalog.models import Item
from gongkai.core.actors import Actor
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ
from gongkai.orgs.permissions import require_roles
from gongkai.participation import deadlines, rules
from gongkai.participation.audit import ParticipationAudit
from gongkai.participation.models import Proposal, ProposalKind
from gongkai.participation.transitions import HANDLER_ROLES, NOT_HANDLER


@dataclass(frozen=True)
class ProposalFields:
    kind: str
    year: int
    number: str
    title: str
    proposer: str
    assigned_on: date
    complex_matter: bool = False


def due_for(assigned_on: date, complex_matter: bool) -> deadlines.Explained:
    conf = gongkai_settings()
    return deadlines.proposal_due(
        assigned_on,
        complex_matter=complex_matter,
        months=conf.PARTICIPATION_PROPOSAL_REPLY_MONTHS,
        complex_months=conf.PARTICIPATION_PROPOSAL_COMPLEX_MONTHS,
    )


@transaction.atomic
def proposal_register(
    *, actor: Actor, organ: Organ, fields: ProposalFields, co_organs: Sequence[Organ] = ()
) -> Proposal:
    """登记 a 建议 or 提案 assigned to `organ` as 主办 (the 公开办 or 采编 of that organ)."""
    require_roles(actor, organ, HANDLER_ROLES, message=NOT_HANDLER)
    problems: dict[str, str] = {}
    if fields.kind not in ProposalKind.values:
        problems["kind"] = "请选择类别。"
    for name, label, limit in (
        ("number", "编号", 40),
        ("title", "标题", 300),
        ("proposer", "提出人", 200),
    ):
        value = getattr(fields, name).strip()
        if not value:
            problems[name] = f"请填写{label}。"
        elif len(value) > limit:
            problems[name] = f"{label}不能超过{limit}字。"
    if not 2000 <= fields.year <= 2100:
        problems["year"] = "年度应为四位年份。"
    if Proposal.objects.filter(
        kind=fields.kind, year=fields.year, number=fields.number.strip()
    ).exists():
        problems["number"] = "该年度已有同一编号的建议提案。"
    if any(o.pk == organ.pk for o in co_organs):
        problems["co_organs"] = "主办单位不能同时是协办单位。"
    if problems:
        raise ValidationError(problems)
    due = due_for(fields.assigned_on, fields.complex_matter)
    proposal = Proposal.objects.create(
        kind=fields.kind,
        year=fields.year,
        number=fields.number.strip(),
        title=fields.title.strip(),
        proposer=fields.proposer.strip(),
        organ=organ,
        assigned_on=fields.assigned_on,
        complex_matter=fields.complex_matter,
        due_on=due.when,
    )
    proposal.co_organs.set(co_organs)
    audit_record(
        actor=actor,
        action=ParticipationAudit.PROPOSAL_REGISTER,
        obj=proposal,
        organ_id=organ.pk,
        data={"number": proposal.number, "due": str(due.when)},
    )
    return proposal


@transaction.atomic
def proposal_reply(
    *,
    actor: Actor,
    proposal: Proposal,
    replied_on: date,
    disclosure: str,
    item: Item | None = None,
    summary: str = "",
) -> Proposal:
    """登记办理复文: the reply date, the catalog item and how the public reads it."""
    require_roles(actor, proposal.organ, HANDLER_ROLES, message=NOT_HANDLER)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if item is not None and item.organ_id != proposal.organ_id:
        raise ValidationError({"item": "办理复文应是主办单位的信息。"})
    problem = rules.reply_disclosure_problem(
        disclosure=disclosure,
        item_public=item.is_public if item is not None else None,
        summary=summary,
    )
    if problem:
        raise ValidationError(problem)
    if replied_on < proposal.assigned_on:
        raise ValidationError({"replied_on": "答复日期不能早于交办日期。"})
    proposal.reply_item = item
    proposal.reply_disclosure = disclosure
    proposal.reply_summary = summary.strip()
    proposal.replied_on = replied_on
    proposal.save()
    audit_record(
        actor=actor,
        action=ParticipationAudit.PROPOSAL_REPLY,
        obj=proposal,
        organ_id=proposal.organ_id,
        data={"disclosure": disclosure},
    )
    return proposal
