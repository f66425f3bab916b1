"""Audit actions of the workforce figures: entered, changed (one row per changed field with its
old and new value), evidence added or removed."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels, field_labels


class WorkforceAudit(AuditAction):
    CREATE = "workforce.create", "填报人员经费培训情况"
    CHANGE = "workforce.change", "修改人员经费培训情况"
    EVIDENCE_ADD = "workforce.evidence_add", "上传佐证材料"
    EVIDENCE_REMOVE = "workforce.evidence_remove", "删除佐证材料"


def _audit_data() -> AuditDataLabels:
    """Keys qualified by their action: the labels of every installed app are merged."""
    from gongkai.workforce.models import UNITS, Figure, WorkforceFigures

    created = {f"workforce.create:{f.value}": f"{f.label}（{UNITS[f.value]}）" for f in Figure}

    return AuditDataLabels(
        labels={
            "workforce.create:year": "年度",
            **created,
            "workforce.change:year": "年度",
            "workforce.change:field": "项目",
            "workforce.change:old": "原值",
            "workforce.change:new": "新值",
            "workforce.evidence_add:name": "文件名",
            "workforce.evidence_add:sha256": "SHA-256",
            "workforce.evidence_remove:name": "文件名",
        },
        values={"workforce.change:field": field_labels(WorkforceFigures)},
        hidden=frozenset({"workforce.evidence_add:sha256"}),
    )


AUDIT_DATA = _audit_data()
