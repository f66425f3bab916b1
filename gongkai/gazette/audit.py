"""Audit actions of the 公报 other than its transitions (derived from the machine)."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class GazetteAudit(AuditAction):
    EDIT = "gazette_issue.edit", "修改公报期次信息"
    ENTRY_ADD = "gazette_issue.entry_add", "编入公报目录"
    ENTRY_REMOVE = "gazette_issue.entry_remove", "移出公报目录"
    ENTRY_MOVE = "gazette_issue.entry_move", "调整公报目录顺序"
    PDF = "gazette_issue.pdf", "生成公报 PDF"
    ORIGINAL = "gazette_issue.original", "上传公报原版"


AUDIT_DATA = AuditDataLabels(
    labels={
        "gazette_issue.create:label": "期次",
        "gazette_issue.edit:before": "原期次",
        "gazette_issue.edit:label": "期次",
        "gazette_issue.edit:issued_on": "出版日期",
        "gazette_issue.entry_add:item": "信息标题",
        "gazette_issue.entry_add:section": "栏目",
        "gazette_issue.entry_remove:item": "信息标题",
        "gazette_issue.entry_move:item": "信息标题",
        "gazette_issue.entry_move:direction": "方向",
        "gazette_issue.pdf:pages": "页数",
        "gazette_issue.original:name": "文件名",
        "gazette_issue.original:size": "大小（字节）",
        "gazette_issue.publish:entries": "目录条数",
        "gazette_issue.withdraw:reason": "撤回理由",
    },
    values={"gazette_issue.entry_move:direction": {"up": "上移", "down": "下移"}},
    hidden=frozenset({"gazette_issue.original:sha256"}),
)
