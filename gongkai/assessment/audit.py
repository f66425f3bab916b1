"""Audit actions of the assessment other than the scheme's transitions (`assessment.<event>`,
derived by `gongkai.core.fsm` from `transitions.Event`)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class AssessmentAudit(AuditAction):
    COMPUTE = "assessment.compute", "计算考核结果"
    ENTER = "assessment.enter", "填报考核数据"
    ADJUST = "assessment.adjust", "调整考核分值"
    INDICATOR_SAVE = "assessment.indicator_save", "修改考核指标"
    REVISE = "assessment.revise", "修订考核方案（新版本）"


AUDIT_DATA = AuditDataLabels(
    labels={
        "assessment.compute:organs": "考核对象数",
        "assessment.compute:results": "结果数",
        "assessment.compute:missing": "待补项数",
        "assessment.compute:as_of": "数据截至",
        "assessment.enter:value": "数值",
        "assessment.enter:evidence": "佐证说明",
        "assessment.adjust:delta": "调整分值",
        "assessment.adjust:indicator": "指标",
        "assessment.adjust:organ": "考核对象",
        "assessment.indicator_save:code": "指标编号",
        "assessment.revise:version": "新版本",
        "assessment.revise:parent": "原版本",
    },
)
