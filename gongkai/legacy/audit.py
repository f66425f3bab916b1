"""Audit actions of the legacy import (issue 19 §6): a run started and finished, a page imported."""

from __future__ import annotations

from gongkai.core.audit import AuditAction, AuditDataLabels


class LegacyAudit(AuditAction):
    RUN_START = "legacy_run.start", "开始导入旧网站"
    RUN_FINISH = "legacy_run.finish", "完成导入旧网站"
    PAGE_IMPORT = "legacy_page.import", "导入旧网站信息"


def _audit_data() -> AuditDataLabels:
    return AuditDataLabels(
        labels={
            "legacy_run.start:source": "来源",
            "legacy_run.start:resumed": "续导",
            "legacy_run.finish:counts": "统计",
            "legacy_page.import:source_url": "原网址",
            "legacy_page.import:original_index_no": "原索引号",
            "legacy_page.import:outcome": "结果",
        }
    )


AUDIT_DATA = _audit_data()
