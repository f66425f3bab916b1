"""Audit actions of the mailbox other than the state transitions (`letter.<event>`, derived by
`gongkai.core.fsm` from `transitions.Event`)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class MailboxAudit(AuditAction):
    EXTEND = "letter.extend", "延长答复期限"
    PUBLISH = "letter.publish", "公开留言及答复"
    UNPUBLISH = "letter.unpublish", "撤销公开"
    OVERDUE = "letter.overdue", "超期提醒"
    ALERT = "letter.alert", "未答复预警"
    CHANNEL_CREATE = "channel.create", "开通信箱"
    VIEW_PERSONAL_DATA = "letter.view_personal_data", "查看完整个人信息"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action (`"<action>:<key>"`): the labels of every installed app
    are merged, so a bare key such as "channel" would relabel another app's events."""
    from gongkai.mailbox.models import LetterType, Satisfaction

    moves = ("letter.assign", "letter.transfer", "letter.return_to_office")
    labels = {
        "letter.receive:channel": "信箱",
        "letter.receive:letter_type": "留言类型",
        "channel.create:channel": "信箱",
        "letter.mark_duplicate:duplicate_of": "与之重复的留言",
        "letter.rate:satisfaction": "满意度",
        "letter.extend:due": "答复期限",
        "letter.overdue:due": "答复期限",
        "letter.alert:level": "预警级别",
        "letter.assign:by_office": "公开办协调指定",
    }
    for action in moves:
        labels[f"{action}:from_organ"] = "转出机关"
        labels[f"{action}:to_organ"] = "转至"
    return AuditDataLabels(
        labels=labels,
        values={
            "letter.rate:satisfaction": dict(Satisfaction.choices),
            "letter.receive:letter_type": dict(LetterType.choices),
        },
    )


AUDIT_DATA = _audit_data()
