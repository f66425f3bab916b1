"""Audit actions of the work plans other than the task transitions (`work_task.<event>`, derived
by `gongkai.core.fsm` from `transitions.Event`)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class WorkplansAudit(AuditAction):
    PLAN_IMPORT = "work_plan.import", "导入工作要点"
    TASK_OVERDUE = "work_task.overdue", "任务超期提醒"
    SELFCHECK_SAVE = "work_selfcheck.save", "保存自查报告"
    ROUND_ORGANS = "work_round.organs", "确定被督查机关"
    ROUND_CHECKLIST = "work_round.checklist", "编制督查清单"
    ROUND_RESULTS = "work_round.results", "填写督查结果"
    FINDING_OVERDUE = "work_finding.overdue", "整改超期提醒"


AUDIT_DATA = AuditDataLabels(
    labels={
        "work_plan.import:points": "条目数",
        "work_plan.import:matched": "已对应责任单位",
        "work_plan.import:unmatched": "未对应责任单位",
        "work_task.assign:organ": "牵头单位",
        "work_task.assign:co_organs": "配合单位",
        "work_task.assign:deadline": "完成时限",
        "work_task.assign:parent": "上级任务",
        "work_task.report:items": "佐证信息",
        "work_task.report:files": "佐证文件",
        "work_task.overdue:deadline": "完成时限",
        "work_round.plan:organs": "被督查机关",
        "work_round.plan:period": "督查时间",
        "work_round.organs:organs": "被督查机关",
        "work_round.checklist:added": "新增督查要点",
        "work_round.checklist:removed": "删除督查要点",
        "work_round.results:changed": "填写的结果",
        "work_finding.raise:organ": "被督查机关",
        "work_finding.raise:deadline": "整改期限",
        "work_finding.submit:items": "佐证信息",
        "work_finding.submit:files": "佐证文件",
        "work_finding.overdue:deadline": "整改期限",
    },
)
