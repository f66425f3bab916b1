"""Audit actions of the annual reports outside their transition table.

The report's transitions (report.create, report.submit_publication, report.published,
report.returned, report.withdrawn, report.reopen) derive theirs from the event table in
`gongkai.reports.transitions` (`REPORT_MACHINE.actions`). Values are the strings audited before
these enums existed, so old audit rows keep their meaning.
"""

from gongkai.core.audit import AuditAction


class ReportAudit(AuditAction):
    FIGURES = "report.figures", "保存人工填报数据"
    SECTIONS = "report.sections", "保存报告正文"
    ACKNOWLEDGE = "report.acknowledge", "确认检查提示"
    SUBMIT_UPWARD = "report.submit_upward", "向上级机关报送统计数据"
    QUARTERLY_SUBMIT = "report.quarterly_submit", "报送季度统计"
    QUARTERLY_RESUBMIT = "report.quarterly_resubmit", "重新报送季度统计"
    IMPORT = "report.import", "导入历年年度报告"
