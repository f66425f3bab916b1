"""Audit actions of the registers other than their transitions (derived from the machines)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class RegistersAudit(AuditAction):
    SERIES_SET = "norm_series.set", "设置规范性文件编号"
    CHECK_RECORD = "norm_entry.check", "登记审核审议备案记录"
    LAPSE_NOTICE = "norm_entry.lapse_notice", "有效期届满提醒"
    PROPOSE = "norm_campaign.propose", "提出清理意见"
    POOL_SAVE = "inspection_pool.save", "保存双随机名录库"
    OUTCOME = "inspection_draw.outcome", "登记检查结果"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action: the labels of every installed app are merged."""
    from gongkai.registers.models import CheckKind, Outcome, Proposal

    return AuditDataLabels(
        labels={
            "norm_series.set:agency": "规范性文件代字",
            "norm_series.set:template": "编号格式",
            "norm_entry.register:number": "登记编号",
            "norm_entry.sign:signed_on": "签发日期",
            "norm_entry.sign:expires_on": "失效日期",
            "norm_entry.renew:expires_on": "新的失效日期",
            "norm_entry.lapse:expires_on": "失效日期",
            "norm_entry.lapse_notice:expires_on": "失效日期",
            "norm_entry.lapse_notice:recipients": "提醒人数",
            "norm_entry.check:kind": "类型",
            "norm_entry.check:body": "审核机构/会议/备案机关",
            "norm_campaign.open:entries": "清理文件数",
            "norm_campaign.propose:entry": "登记编号",
            "norm_campaign.propose:proposal": "清理意见",
            "inspection_pool.save:members": "成员数",
            "inspection_draw.announce:subjects_sha256": "检查对象名录 SHA-256",
            "inspection_draw.announce:inspectors_sha256": "检查人员名录 SHA-256",
            "inspection_draw.announce:seed_commitment": "种子承诺值",
            "inspection_draw.draw:seed": "随机种子",
            "inspection_draw.outcome:subject": "检查对象",
            "inspection_draw.outcome:outcome": "检查结果",
        },
        values={
            "norm_entry.check:kind": dict(CheckKind.choices),
            "norm_campaign.propose:proposal": dict(Proposal.choices),
            "inspection_draw.outcome:outcome": dict(Outcome.choices),
        },
        hidden=frozenset({"norm_campaign.publish:counts", "inspection_pool.save:sha256"}),
    )


AUDIT_DATA = _audit_data()
