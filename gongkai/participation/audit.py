"""Audit actions of 公众参与 other than the transitions (`consultation.<event>`,
`comment.<event>`, derived by `gongkai.core.fsm` from `transitions.py`)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class ParticipationAudit(AuditAction):
    UPDATE = "consultation.update", "修改征求意见草稿"
    FEEDBACK_GROUP = "consultation.feedback_group", "归类意见并说明采纳情况"
    FEEDBACK_PUBLISH = "consultation.feedback_publish", "公布采纳情况反馈"
    FINAL_ITEM = "consultation.final_item", "关联正式文件"
    SURVEY_CREATE = "survey.create", "发起网上调查"
    SURVEY_QUESTION = "survey.question", "添加调查题目"
    PROPOSAL_REGISTER = "proposal.register", "登记建议提案"
    PROPOSAL_REPLY = "proposal.reply", "登记办理复文"
    OPINION_REGISTER = "opinion.register", "登记政务舆情"
    OPINION_RESPOND = "opinion.respond", "登记舆情回应"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action: the labels of every installed app are merged."""
    from gongkai.participation.models import Decision, OpinionLevel, ReplyDisclosure

    return AuditDataLabels(
        labels={
            "consultation.feedback_group:topic": "意见归类",
            "consultation.feedback_group:decision": "采纳情况",
            "consultation.feedback_group:comments": "归入的意见数",
            "consultation.final_item:item": "正式文件",
            "comment.record:channel": "来源",
            "proposal.register:number": "编号",
            "proposal.register:due": "答复期限",
            "proposal.reply:disclosure": "复文公开方式",
            "opinion.register:level": "级别",
            "opinion.register:due": "回应时限",
        },
        values={
            "consultation.feedback_group:decision": dict(Decision.choices),
            "proposal.reply:disclosure": dict(ReplyDisclosure.choices),
            "opinion.register:level": dict(OpinionLevel.choices),
        },
    )


AUDIT_DATA = _audit_data()
