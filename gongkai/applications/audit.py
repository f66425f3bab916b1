"""Audit actions of 依申请公开 other than the state transitions.

The transitions record `application.<event>` with the event's label (derived by
`gongkai.core.fsm` from `transitions.AppEvent`); everything else a case records is one of these.
"""

from __future__ import annotations

from gongkai.core.audit import AuditAction


class ApplicationAudit(AuditAction):
    EXTEND = "application.extend", "延长答复期限"  # Art. 33
    DELAY = "application.delay", "确定延迟答复日期（第三十五条）"
    DELIVER = "application.deliver", "登记送达"
    DOCUMENT = "application.document", "生成文书"
    OVERDUE = "application.overdue", "超期提醒"
    NOTE = "application.note", "添加备注"
    ASSIGN = "application.assign", "指定承办人"
    TRANSFER = "application.transfer", "转办"  # Art. 36(5)
    TRANSFERRED_IN = "application.transferred_in", "收到转办申请"
    CHALLENGE = "application.challenge", "登记行政复议或诉讼"
    CHALLENGE_RESULT = "application.challenge_result", "登记复议或诉讼结果"
    VIEW_PERSONAL_DATA = "application.view_personal_data", "查看完整个人信息"
    DUE_RECOMPUTED = "application.due_recomputed", "重新计算答复期限"  # a calendar notice loaded
