"""Audit actions of 依申请公开 other than the state transitions.

The transitions record `application.<event>` with the event's label (derived by
`gongkai.core.fsm` from `transitions.AppEvent`); everything else a case records is one of these.
"""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels, field_labels


class ApplicationAudit(AuditAction):
    EXTEND = "application.extend", "延长答复期限"  # Art. 33: consent of the GIO head
    EXTENSION_REQUEST = "application.extension_request", "申请延长答复期限"
    EXTENSION_REFUSE = "application.extension_refuse", "不同意延长答复期限"
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


def _letter_title(kind: object) -> str:
    """A letter kind (`document_generate`) as its title (the organ-editable defaults)."""
    from gongkai.applications.services.documents import default_templates

    entry = default_templates().get(str(kind).split(":", 1)[0])
    return str(entry["title"]) if isinstance(entry, dict) else str(kind)


def _audit_data() -> AuditDataLabels:
    from gongkai.applications.deadlines import Channel
    from gongkai.applications.fees import FeeMethod
    from gongkai.applications.models import Application, Consultation, LegalChallenge
    from gongkai.applications.outcomes import OUTCOME_CHOICES

    extension = (
        ApplicationAudit.EXTEND,
        ApplicationAudit.EXTENSION_REQUEST,
        ApplicationAudit.EXTENSION_REFUSE,
    )
    return AuditDataLabels(
        labels={
            "channel": "申请方式",
            "reference": "申请编号",
            "confirmed_on": "确认收到日期",
            "deadline": "补正期限",
            "late_notice": "超过补正告知期限",
            "received_on": "收到补正日期",
            "sent_on": "送达日期",
            "due": "答复期限",
            "method": "计费方式",
            "units": "计费数量",
            "amount": "金额（元）",
            "paid_on": "缴费日期",
            "delivered_on": "送达日期",
            **{f"{action.value}:days": "延长工作日数" for action in extension},
            "requested_by": "提出人",
            "requested_days": "申请延长工作日数",
            "outcome": "办理结果",
            "basis": "依据",
            "drafted_by": "拟稿人",
            "drafted_on": "拟稿日期",
            "transfer_to": "转办机关",
            "to_organ": "转至机关",
            "to_reference": "转办后编号",
            "from_organ": "转出机关",
            "from_reference": "原申请编号",
            "result": "结果",
            "filed_on": "申请或起诉日期",
            "decided_on": "审结日期",
            "old_version": "原工作日历版本",
            "new_version": "新工作日历版本",
            f"{ApplicationAudit.EXTEND.value}:from": "答复期限",
            f"{ApplicationAudit.DUE_RECOMPUTED.value}:from": "答复期限",
            f"{ApplicationAudit.ASSIGN.value}:from": "承办人",
            f"{ApplicationAudit.VIEW_PERSONAL_DATA.value}:fields": "查看的信息",
            "application.start_consultation:kind": "征求对象",
            f"{ApplicationAudit.DOCUMENT.value}:kind": "文书",
            f"{ApplicationAudit.CHALLENGE.value}:kind": "类型",
        },
        values={
            "channel": dict(Channel.choices),
            "outcome": dict(OUTCOME_CHOICES),
            "method": dict(FeeMethod.LABELS),
            "result": dict(LegalChallenge.Result.choices),
            "fields": field_labels(Application),
            "application.start_consultation:kind": dict(Consultation.Kind.choices),
            f"{ApplicationAudit.DOCUMENT.value}:kind": _letter_title,
            f"{ApplicationAudit.CHALLENGE.value}:kind": dict(LegalChallenge.Kind.choices),
        },
        # Row ids of related records: the record itself is shown on the page.
        hidden=frozenset({"challenge", "consultation", "to_application", "from_application"}),
    )


#: How the data of these actions reads in the 办理记录 (`gongkai.core.audit.audit_data_text`).
AUDIT_DATA = _audit_data()
