"""Records of organ A for the authorisation matrix (tests/test_authz_matrix.py): an open
consultation with its draft attached, a survey, a proposal and a 舆情, made through the
services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.participation.services import consultations, opinions, proposals, surveys


def authz_objects(*, organ: Organ, editor: Any, draft: bytes) -> dict[str, Any]:
    today = timezone.localdate()
    fields = consultations.ConsultationFields(
        kind="other",
        title="关于就业补贴办法的征求意见",
        explanation="起草说明。",
        starts_on=today,
        ends_on=today + timedelta(days=29),
        draft_text="正文。",
    )
    c = consultations.consultation_create(
        actor=editor, organ=organ, fields=fields, attachment=("征求意见稿.docx", draft)
    )
    c = consultations.consultation_open(actor=editor, consultation=c)
    survey = surveys.survey_create(
        actor=editor,
        organ=organ,
        title="就业服务满意度调查",
        intro="",
        starts_on=today,
        ends_on=today,
    )
    proposal = proposals.proposal_register(
        actor=editor,
        organ=organ,
        fields=proposals.ProposalFields(
            kind="npc",
            year=2026,
            number="1",
            title="关于就业的建议",
            proposer="代表",
            assigned_on=date(2026, 3, 2),
        ),
    )
    opinion = opinions.opinion_register(
        actor=editor,
        organ=organ,
        topic="补贴发放延迟",
        source="网络论坛",
        level="general",
        noticed_at=timezone.now() - timedelta(hours=1),
    )
    return {"consultation": c, "survey": survey, "proposal": proposal, "opinion": opinion}
